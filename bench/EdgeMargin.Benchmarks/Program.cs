using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/EdgeMargin.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(EdgeMargin.Benchmarks.GoaBenchmarks).Assembly).Run(args);
