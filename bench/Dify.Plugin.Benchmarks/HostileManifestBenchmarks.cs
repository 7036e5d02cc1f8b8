using System.Collections.Immutable;
using System.Text;
using BenchmarkDotNet.Attributes;
using Dify.Plugin.Generator;
using Dify.Plugin.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Dify.Plugin.Benchmarks;

/// <summary>
/// The generator's cost on issue 9's hostile manifests, as ratios to the floor of a cold run over the largest real
/// official manifest (searchapi's google.yaml, 40 KB) in the same run. Before the limits: 4,000 repeated keys took 24 s
/// and 6 GB, aliased defaults made 100 MB of C#, 100k unique keys took 125 s, a 50 MB description took 2.5 GB.
/// What the generator reports for each is asserted by <c>HostileInputTests</c>.
/// </summary>
[MemoryDiagnoser]
public class HostileManifestBenchmarks
{
    private CSharpCompilation _compilation = null!;
    private ImmutableArray<AdditionalText> _largestReal;
    private ImmutableArray<AdditionalText> _repeatedKeys;
    private ImmutableArray<AdditionalText> _aliasTree;
    private ImmutableArray<AdditionalText> _uniqueKeys;
    private ImmutableArray<AdditionalText> _hugeDescription;
    private ImmutableArray<AdditionalText> _lineTerminators;

    [GlobalSetup]
    public void Setup()
    {
        _compilation = GeneratorInputs.EmptyCompilation();
        var largest = Path.Combine(RepositoryPaths.Root, "..", "shared", "corpus", "tools", "searchapi", "tools", "google.yaml");
        _largestReal = [GeneratorInputs.Manifest("/p/tools/google.yaml", File.ReadAllText(largest))];
        _repeatedKeys = [GeneratorInputs.Manifest("/p/tools/llm.yaml", HostileManifests.RepeatedKey(4_000))];
        _aliasTree = [GeneratorInputs.Manifest("/p/tools/bomb.yaml", HostileManifests.AliasTreeDefaults(100))];
        _uniqueKeys = [GeneratorInputs.Manifest("/p/tools/wide.yaml", HostileManifests.UniqueKeys(100_000))];
        _hugeDescription = [GeneratorInputs.Manifest("/p/tools/big.yaml", HostileManifests.HugeDescription(50 * 1024 * 1024))];
        _lineTerminators = [GeneratorInputs.Manifest("/p/tools/sized.yaml", HostileManifests.LineTerminatorPayload("\\L"))];
    }

    [Benchmark(Baseline = true, Description = "floor: largest official manifest (40 KB)")]
    public object LargestRealManifest() => Run(_largestReal);

    [Benchmark(Description = "4,000 repeated keys (28 KB)")]
    public object RepeatedKeys() => Run(_repeatedKeys);

    [Benchmark(Description = "100 defaults aliasing an alias tree (18 KB)")]
    public object AliasTreeDefaults() => Run(_aliasTree);

    [Benchmark(Description = "100,000 unique keys (1 MB)")]
    public object UniqueKeys() => Run(_uniqueKeys);

    [Benchmark(Description = "50 MB description")]
    public object HugeDescription() => Run(_hugeDescription);

    [Benchmark(Description = "line terminators before code in every text")]
    public object LineTerminators() => Run(_lineTerminators);

    private object Run(ImmutableArray<AdditionalText> files) => GeneratorInputs.Driver(files).RunGenerators(_compilation).GetRunResult();
}
