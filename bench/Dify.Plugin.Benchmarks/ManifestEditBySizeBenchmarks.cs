using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Dify.Plugin.Generator.Emit;
using Dify.Plugin.Generator.Parsing;
using Dify.Plugin.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Dify.Plugin.Benchmarks;

/// <summary>
/// The one-manifest edit of <see cref="GeneratorFloorBenchmarks"/> (issue 15: at most 2x the file's parse + emit) for
/// five of <c>aws</c>'s 25 tool manifests, from the smallest to the largest: Roslyn's bookkeeping of a run costs about
/// the same whichever manifest changed, so the ratio depends on the manifest's size. Each pair is measured side by side,
/// the diagnostics left to the analyzer (every build with analyzers, the IDE included). Beside them, the least generator
/// of the same outputs (<see cref="ReferenceGenerators.Least"/>) after the same edit: what any generator that reads these
/// inputs and writes a file per manifest costs on Roslyn's driver.
/// </summary>
[MemoryDiagnoser]
[WarmupCount(40)]
[IterationCount(20)]
public class ManifestEditBySizeBenchmarks
{
    private string _path = null!;
    private string _editedText = null!;
    private GeneratorDriver _warmDriver = null!;
    private GeneratorDriver _warmLeastDriver = null!;
    private CSharpCompilation _compilation = null!;
    private AdditionalText _original = null!;
    private AdditionalText _edited = null!;

    /// <summary>The manifest edited: 1.3 KB, 2.6 KB, 3.8 KB, 5.1 KB and 8.0 KB.</summary>
    [Params("extract_frame.yaml", "s3_file_download.yaml", "apply_guardrail.yaml", "bedrock_retrieve.yaml", "agentcore-browser-tool.yaml")]
    public string Manifest { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var plugin = Path.GetFullPath(Path.Combine(RepositoryPaths.Root, "..", "shared", "corpus", "tools", "aws"));
        var files = Directory.GetFiles(plugin, "*.yaml", SearchOption.AllDirectories).OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => GeneratorInputs.Manifest(path, File.ReadAllText(path)))
            .ToImmutableArray();
        var tools = files.Where(file => file.Path.Contains("/tools/aws/tools/", StringComparison.Ordinal)).ToList();
        _compilation = GeneratorInputs.PluginCompilation(tools);
        _original = tools.Single(file => Path.GetFileName(file.Path) == Manifest);
        _path = _original.Path;
        _editedText = GeneratorInputs.Edit(_path, _original.GetText()!.ToString());

        _edited = GeneratorInputs.Manifest(_path, _editedText);
        _warmDriver = GeneratorInputs.Driver(files, reportsDiagnostics: false).RunGenerators(_compilation);
        _warmLeastDriver = GeneratorInputs.Driver(files, new ReferenceGenerators.Least()).RunGenerators(_compilation);
    }

    [Benchmark(Baseline = true, Description = "floor: parse + emit the edited manifest")]
    public object ParseAndEmitTheEditedManifest()
    {
        var result = ToolManifestParser.Parse(_path, "tools/edited.yaml", _editedText, CancellationToken.None);
        return ParametersEmitter.Emit(result.Value!, "Bench", result.Declaration);
    }

    [Benchmark(Description = "generator, warm, after the edit")]
    public object RerunAfterTheEdit() => _warmDriver.ReplaceAdditionalText(_original, _edited).RunGenerators(_compilation);

    [Benchmark(Description = "reference: the least generator, after the same edit")]
    public object RerunTheLeastGeneratorAfterTheEdit() => _warmLeastDriver.ReplaceAdditionalText(_original, _edited).RunGenerators(_compilation);
}
