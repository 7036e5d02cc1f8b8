#!/usr/bin/env bash
# Start-up and memory of a plugin with the one-line DifyPlugin.RunAsync and on the generic host (Dify.Plugin.Hosting),
# each against the floor of an empty program, JIT and Native AOT, in one run: hyperfine-style repeated process runs in
# local mode with standard input closed at once (the plugin starts, reads end of input and exits 0). Prints the median
# wall time and the median peak RSS (/usr/bin/time %M) of RUNS runs after WARMUP warm-up runs.
set -euo pipefail
cd "$(dirname "$0")"
RUNS=${RUNS:-30}; WARMUP=${WARMUP:-3}; MODES=${MODES:-jit r2r aot}
out=$(mktemp -d)
for probe in Floor OneLine Hosted; do
  for mode in $MODES; do
    case $mode in
      jit) extra="" ;;
      r2r) extra="-r linux-x64 --self-contained false -p:ProbeReadyToRun=true" ;;
      aot) extra="-r linux-x64 -p:ProbeAot=true" ;;
    esac
    # Trim and AOT analysis warnings (IL2xxx, IL3xxx) would show here.
    dotnet publish StartupProbe.csproj -c Release -p:Probe=$probe $extra -o "$out/$mode-$probe" --nologo -v:q -clp:NoSummary | grep -E "warning|error" || true
    rm -rf obj bin
  done
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# Interleaved: each round runs every program once, so that the shared machine's load falls on all of them alike.
for round in $(seq $((WARMUP + RUNS))); do
  for mode in $MODES; do
    for probe in Floor OneLine Hosted; do
      start=$(date +%s%N)
      INSTALL_METHOD=local /usr/bin/time -f '%M' -o "$out/one" "$out/$mode-$probe/StartupProbe" </dev/null >/dev/null 2>&1
      end=$(date +%s%N)
      if [ "$round" -gt "$WARMUP" ]; then
        echo $(( (end - start) / 1000 )) >>"$out/$mode-$probe.ms"; cat "$out/one" >>"$out/$mode-$probe.rss"
      fi
    done
  done
done
printf '%-6s %-8s %10s %8s %10s\n' mode probe ms ratio rss_MB
for mode in $MODES; do
  floor=$(median <"$out/$mode-Floor.ms")
  for probe in Floor OneLine Hosted; do
    ms=$(median <"$out/$mode-$probe.ms")
    printf '%-6s %-8s %10.1f %8.2f %10.1f\n' "$mode" "$probe" "$(echo "$ms" | awk '{print $1/1000}')" "$(awk -v a="$ms" -v b="$floor" 'BEGIN {print a/b}')" "$(median <"$out/$mode-$probe.rss" | awk '{print $1/1024}')"
  done
done
rm -rf "$out"
