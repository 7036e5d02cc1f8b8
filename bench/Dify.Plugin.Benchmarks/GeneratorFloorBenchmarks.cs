using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using Dify.Plugin.Generator.Emit;
using Dify.Plugin.Generator.Parsing;
using Dify.Plugin.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using YamlDotNet.Core;

namespace Dify.Plugin.Benchmarks;

/// <summary>
/// The generator against its floors, each pair measured side by side in one run (issue 15's targets):
/// <list type="bullet">
/// <item><c>cold</c>: a fresh run over every YAML file of <c>../shared/corpus</c>, its texts in memory, against parsing the
/// same texts with YamlDotNet alone (events only, no tree). Target: at most 1.5x.</item>
/// <item><c>cold-from-disk</c>: the same with both sides reading the files, as the issue words the floor ("reading +
/// parsing the same files") and as a build runs: the generator's additional texts read their file when first asked,
/// as the compiler's do.</item>
/// <item><c>tree</c>: building the node trees of the same files, through YamlDotNet's parser and through the fast
/// block-YAML reader (which leaves what it declines to YamlDotNet), against the same floor.</item>
/// <item><c>manifest-edit</c>: a warm run over <c>aws</c> after one tool manifest changed, against parsing and emitting that
/// manifest alone (its one generated file: the record with the declaration beside it). Target: at most 2x.</item>
/// <item><c>csharp-edit</c>: a warm run after a C# edit, against Roslyn rerunning a generator that does nothing on the same
/// project: it subscribes to the same inputs (the manifests, the two attributes, type declarations) and ignores them, so
/// the difference is what our pipeline adds to what Roslyn must do anyway. Target: at most 2x.</item>
/// </list>
/// Each measures the driver's run (<c>RunGenerators</c>); <c>GetRunResult</c>, which only builds a view of the outputs
/// for a caller, is left out of both sides (an IDE does not call it per keystroke).
/// </summary>
// Forty warm-up iterations: the edit benchmarks call the generator's edit path once per invocation, and with ten the
// generator's side was still getting faster while the floor's (one method) was done (docs/performance.md).
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[WarmupCount(40)]
[IterationCount(20)]
public class GeneratorFloorBenchmarks
{
    private CorpusInputs _inputs = null!;

    [GlobalSetup]
    public void Setup() => _inputs = CorpusInputs.Load();

    [Benchmark(Baseline = true, Description = "floor: YamlDotNet parses the corpus")]
    [BenchmarkCategory("cold")]
    public int ParseCorpusWithYamlDotNet() => CorpusInputs.ParseWithYamlDotNet(_inputs.CorpusTexts);

    [Benchmark(Description = "generator, cold, over the corpus")]
    [BenchmarkCategory("cold")]
    public object ColdRunOverTheCorpus() => GeneratorInputs.Driver(_inputs.Corpus).RunGenerators(_inputs.Compilation);

    [Benchmark(Description = "generator, cold, over the corpus, its diagnostics left to the analyzer (every build with analyzers)")]
    [BenchmarkCategory("cold")]
    public object ColdRunOverTheCorpusWithAnalyzers() => GeneratorInputs.Driver(_inputs.Corpus, reportsDiagnostics: false).RunGenerators(_inputs.Compilation);

    [Benchmark(Baseline = true, Description = "floor: read the corpus files, YamlDotNet parses them")]
    [BenchmarkCategory("cold-from-disk")]
    public int ReadAndParseCorpusWithYamlDotNet() => CorpusInputs.ParseWithYamlDotNet(Array.ConvertAll(_inputs.CorpusPaths, File.ReadAllText));

    [Benchmark(Description = "generator, cold, over the corpus files read as the compiler reads them")]
    [BenchmarkCategory("cold-from-disk")]
    public object ColdRunOverTheCorpusFiles() => GeneratorInputs.Driver(Array.ConvertAll(_inputs.CorpusPaths, GeneratorInputs.FromDisk)).RunGenerators(_inputs.Compilation);

    [Benchmark(Baseline = true, Description = "floor: YamlDotNet parses the corpus (tree)")]
    [BenchmarkCategory("tree")]
    public int ParseCorpusWithYamlDotNetForTrees() => CorpusInputs.ParseWithYamlDotNet(_inputs.CorpusTexts);

    [Benchmark(Description = "trees of the corpus, YamlDotNet path")]
    [BenchmarkCategory("tree")]
    public int ReadTreesWithYamlDotNet() => CorpusInputs.ReadTrees(_inputs.CorpusTexts, YamlTreeReader.ReadWithYamlDotNet);

    [Benchmark(Description = "trees of the corpus, fast path (YamlDotNet where it declines)")]
    [BenchmarkCategory("tree")]
    public int ReadTrees() => CorpusInputs.ReadTrees(_inputs.CorpusTexts, YamlTreeReader.Read);

    [Benchmark(Baseline = true, Description = "floor: parse + emit the edited manifest")]
    [BenchmarkCategory("manifest-edit")]
    public object ParseAndEmitTheEditedManifest()
    {
        // The file the generator writes for it: the record with the manifest's declaration beside it (aws is a plugin).
        var result = ToolManifestParser.Parse(_inputs.EditedPath, "tools/edited.yaml", _inputs.EditedText, CancellationToken.None);
        return ParametersEmitter.Emit(result.Value!, "Bench", result.Declaration);
    }

    [Benchmark(Description = "generator, warm, after one manifest edit")]
    [BenchmarkCategory("manifest-edit")]
    public object RerunAfterOneManifestEdit() => _inputs.WarmPluginDriver.ReplaceAdditionalText(_inputs.Original, _inputs.Edited).RunGenerators(_inputs.PluginCompilation);

    [Benchmark(Description = "generator, warm, after one manifest edit, its diagnostics left to the analyzer (every build with analyzers)")]
    [BenchmarkCategory("manifest-edit")]
    public object RerunAfterOneManifestEditWithAnalyzers() => _inputs.WarmPluginDriverWithAnalyzers.ReplaceAdditionalText(_inputs.Original, _inputs.Edited).RunGenerators(_inputs.PluginCompilation);

    [Benchmark(Description = "reference: the inputs-only generator after the same manifest edit")]
    [BenchmarkCategory("manifest-edit")]
    public object RerunNothingAfterOneManifestEdit() => _inputs.WarmNothingDriver.ReplaceAdditionalText(_inputs.Original, _inputs.Edited).RunGenerators(_inputs.PluginCompilation);

    [Benchmark(Description = "reference: the least generator of the same outputs after the same manifest edit")]
    [BenchmarkCategory("manifest-edit")]
    public object RerunTheLeastGeneratorAfterOneManifestEdit() => _inputs.WarmLeastDriver.ReplaceAdditionalText(_inputs.Original, _inputs.Edited).RunGenerators(_inputs.PluginCompilation);

    [Benchmark(Baseline = true, Description = "floor: Roslyn reruns a generator that does nothing")]
    [BenchmarkCategory("csharp-edit")]
    public object RerunNothingAfterACSharpEdit() => _inputs.WarmNothingDriver.RunGenerators(_inputs.EditedCompilation);

    [Benchmark(Description = "generator, warm, after a C# edit")]
    [BenchmarkCategory("csharp-edit")]
    public object RerunAfterACSharpEdit() => _inputs.WarmPluginDriver.RunGenerators(_inputs.EditedCompilation);

    [Benchmark(Description = "generator, warm, after a C# edit, its diagnostics left to the analyzer (every build with analyzers)")]
    [BenchmarkCategory("csharp-edit")]
    public object RerunAfterACSharpEditWithAnalyzers() => _inputs.WarmPluginDriverWithAnalyzers.RunGenerators(_inputs.EditedCompilation);
}

/// <summary>The cold pair again, each measurement the first run in a fresh process (JIT included), as a command-line build pays it.</summary>
[SimpleJob(RunStrategy.ColdStart, launchCount: 5, warmupCount: 0, iterationCount: 1)]
public class GeneratorFirstRunBenchmarks
{
    private CorpusInputs _inputs = null!;

    [GlobalSetup]
    public void Setup() => _inputs = CorpusInputs.Load();

    [Benchmark(Baseline = true, Description = "floor: YamlDotNet parses the corpus, first run")]
    public int ParseCorpusWithYamlDotNet() => CorpusInputs.ParseWithYamlDotNet(_inputs.CorpusTexts);

    [Benchmark(Description = "generator over the corpus, first run")]
    public object ColdRunOverTheCorpus() => GeneratorInputs.Driver(_inputs.Corpus).RunGenerators(_inputs.Compilation);
}

/// <summary>The inputs of the floor benchmarks, read once per process.</summary>
internal sealed class CorpusInputs
{
    public required ImmutableArray<AdditionalText> Corpus { get; init; }

    public required string[] CorpusTexts { get; init; }

    public required string[] CorpusPaths { get; init; }

    public required CSharpCompilation Compilation { get; init; }

    /// <summary>The <c>aws</c> plugin's project, with a class for each tool.</summary>
    public required CSharpCompilation PluginCompilation { get; init; }

    /// <summary><see cref="PluginCompilation"/> with one more file.</summary>
    public required CSharpCompilation EditedCompilation { get; init; }

    public required GeneratorDriver WarmPluginDriver { get; init; }

    public required GeneratorDriver WarmPluginDriverWithAnalyzers { get; init; }

    public required GeneratorDriver WarmNothingDriver { get; init; }

    public required GeneratorDriver WarmLeastDriver { get; init; }

    public required AdditionalText Original { get; init; }

    public required AdditionalText Edited { get; init; }

    public required string EditedPath { get; init; }

    public required string EditedText { get; init; }

    public static CorpusInputs Load()
    {
        var corpus = Path.GetFullPath(Path.Combine(RepositoryPaths.Root, "..", "shared", "corpus"));
        var files = Directory.GetFiles(corpus, "*.yaml", SearchOption.AllDirectories)
            .Where(path => Path.GetFileName(path) != "_index.yaml")
            .OrderBy(path => path, StringComparer.Ordinal)
            .ToArray();
        var texts = files.Select(File.ReadAllText).ToArray();
        var plugin = Path.Combine(corpus, "tools", "aws");
        var pluginFiles = Directory.GetFiles(plugin, "*.yaml", SearchOption.AllDirectories).OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => GeneratorInputs.Manifest(path, File.ReadAllText(path)))
            .ToImmutableArray();
        var original = pluginFiles.First(file => file.Path.Contains("/tools/aws/tools/", StringComparison.Ordinal));
        var originalText = original.GetText()!.ToString();
        var editedText = GeneratorInputs.Edit(original.Path, originalText);
        // The aws plugin as its author has it: a class for each of its tools (without them the project would carry 25
        // DIFY1041 warnings, which a build without analyzers reports again on every run).
        var pluginCompilation = GeneratorInputs.PluginCompilation(pluginFiles.Where(file => file.Path.Contains("/tools/aws/tools/", StringComparison.Ordinal)));
        return new CorpusInputs
        {
            Corpus = files.Zip(texts, GeneratorInputs.Manifest).ToImmutableArray(),
            CorpusTexts = texts,
            CorpusPaths = files,
            Compilation = GeneratorInputs.EmptyCompilation(),
            PluginCompilation = pluginCompilation,
            EditedCompilation = pluginCompilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Bench;\n\ninternal sealed class Edited { }", path: "Edited.cs")),
            WarmPluginDriver = GeneratorInputs.Driver(pluginFiles).RunGenerators(pluginCompilation),
            WarmPluginDriverWithAnalyzers = GeneratorInputs.Driver(pluginFiles, reportsDiagnostics: false).RunGenerators(pluginCompilation),
            WarmNothingDriver = GeneratorInputs.Driver(pluginFiles, new ReferenceGenerators.InputsOnly()).RunGenerators(pluginCompilation),
            WarmLeastDriver = GeneratorInputs.Driver(pluginFiles, new ReferenceGenerators.Least()).RunGenerators(pluginCompilation),
            Original = original,
            Edited = GeneratorInputs.Manifest(original.Path, editedText),
            EditedPath = original.Path,
            EditedText = editedText,
        };
    }

    /// <summary>Reads every event of every file, building nothing: what any YAML-reading generator must at least pay.</summary>
    public static int ParseWithYamlDotNet(string[] texts)
    {
        var events = 0;
        foreach (var text in texts)
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                events++;
            }
        }

        return events;
    }

    /// <summary>Builds the tree of every file with <paramref name="read"/>; the count of roots keeps the work observable.</summary>
    public static int ReadTrees(string[] texts, Func<string, (YamlNode? Root, YamlError? Error, List<YamlError> Warnings)> read)
    {
        var roots = 0;
        foreach (var text in texts)
        {
            if (read(text).Root is not null)
            {
                roots++;
            }
        }

        return roots;
    }
}
