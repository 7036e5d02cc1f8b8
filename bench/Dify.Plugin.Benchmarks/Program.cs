using BenchmarkDotNet.Running;
using Dify.Plugin.Benchmarks;

// dotnet run -c Release --project bench/Dify.Plugin.Benchmarks -- --filter '*'
// The relay's peak heap under a burst, each size in a fresh process: -- relay-burst [runs]
// Results and what they mean: docs/performance.md.
if (args.Length > 0 && args[0].StartsWith("relay-burst", StringComparison.Ordinal))
{
    return RelayBurst.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
