#!/usr/bin/env bash
# Start-up and memory of a plugin with the one-line DifyPlugin.RunAsync and on the generic host (Dify.Plugin.Hosting),
# each against the floor of an empty program, JIT and Native AOT, in one run: hyperfine-style repeated process runs in
# local mode with standard input closed at once (the plugin starts, reads end of input and exits 0). Prints the median
# wall time and the median peak RSS (/usr/bin/time %M) of RUNS runs after WARMUP warm-up runs.
set -euo pipefail
cd "$(dirname "$0")"
RUNS=${RUNS:-30}; WARMUP=${WARMUP:-3}
out=$(mktemp -d)
for probe in Floor OneLine Hosted; do
  dotnet publish StartupProbe.csproj -c Release -p:Probe=$probe -o "$out/jit-$probe" -p:UseAppHost=true --nologo -v:q -clp:NoSummary >/dev/null
  dotnet publish StartupProbe.csproj -c Release -p:Probe=$probe -p:PublishAot=true -o "$out/aot-$probe" --nologo -v:q -clp:NoSummary | grep -E "warning|error" || true
  rm -rf obj bin
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
printf '%-6s %-8s %10s %10s\n' mode probe ms rss_MB
for mode in jit aot; do
  for probe in Floor OneLine Hosted; do
    exe="$out/$mode-$probe/StartupProbe"
    for i in $(seq "$WARMUP"); do INSTALL_METHOD=local "$exe" </dev/null >/dev/null 2>&1; done
    : >"$out/ms"; : >"$out/rss"
    for i in $(seq "$RUNS"); do
      start=$(date +%s%N)
      INSTALL_METHOD=local /usr/bin/time -f '%M' -o "$out/one" "$exe" </dev/null >/dev/null 2>&1
      end=$(date +%s%N)
      echo $(( (end - start) / 1000 )) >>"$out/ms"; cat "$out/one" >>"$out/rss"
    done
    printf '%-6s %-8s %10.1f %10.1f\n' "$mode" "$probe" "$(median <"$out/ms" | awk '{print $1/1000}')" "$(median <"$out/rss" | awk '{print $1/1024}')"
  done
done
rm -rf "$out"
