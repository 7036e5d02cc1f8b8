using System.Collections.Immutable;
using System.Text;
using BenchmarkDotNet.Attributes;
using Dify.Plugin.Generator;
using Dify.Plugin.Generator.Parsing;
using Dify.Plugin.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Dify.Plugin.Benchmarks;

/// <summary>
/// What the generator costs a build: parsing one manifest, and a cold run over a whole plugin (command-line builds
/// keep no incremental state between builds, so the cold run is what CI pays), plus an IDE-style rerun after a C# edit.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private string _everyType = "";
    private ImmutableArray<AdditionalText> _plugin;
    private CSharpCompilation _compilation = null!;
    private GeneratorDriver _warmDriver = null!;
    private CSharpCompilation _edited = null!;

    [GlobalSetup]
    public void Setup()
    {
        var root = RepositoryPaths.Root;
        _everyType = File.ReadAllText(Path.Combine(root, "tests", "Dify.Plugin.Generator.Tests", "Manifests", "every_type.yaml"));
        // The corpus's largest tool plugin by number of manifests.
        var corpus = Path.Combine(root, "..", "shared", "corpus", "tools");
        var largest = Directory.GetDirectories(corpus).OrderByDescending(d => Directory.GetFiles(d, "*.yaml", SearchOption.AllDirectories).Length).First();
        _plugin = Directory.GetFiles(largest, "*.yaml", SearchOption.AllDirectories)
            .Select(path => GeneratorInputs.Manifest(path, File.ReadAllText(path)))
            .ToImmutableArray();
        PluginName = Path.GetFileName(largest);
        _compilation = GeneratorInputs.EmptyCompilation();
        _warmDriver = GeneratorInputs.Driver(_plugin).RunGenerators(_compilation);
        _edited = _compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class D { }"));
    }

    public string PluginName { get; private set; } = "";

    [Benchmark]
    public object ParseOneManifest() => ToolManifestParser.Parse("/p/tools/every_type.yaml", "tools/every_type.yaml", _everyType, CancellationToken.None);

    [Benchmark]
    public object ColdRunOverTheLargestCorpusPlugin() => GeneratorInputs.Driver(_plugin).RunGenerators(_compilation).GetRunResult();

    [Benchmark]
    public object RerunAfterACSharpEdit() => _warmDriver.RunGenerators(_edited).GetRunResult();

}
