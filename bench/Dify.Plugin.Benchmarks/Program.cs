using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Dify.Plugin.Benchmarks -- --filter '*'
// Results and what they mean: docs/performance.md.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
