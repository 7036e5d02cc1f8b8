using Dify.Plugin.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Dify.Plugin.Generator.Tests;

/// <summary>The pipeline caches: C# edits re-run no YAML step; a manifest edit re-parses and re-emits only that manifest.</summary>
public sealed class IncrementalTests
{
    private static readonly AdditionalText Search = Tool("search", "query");
    private static readonly AdditionalText Weather = Tool("weather", "city");

    [Fact]
    public void Editing_csharp_reruns_no_yaml_step()
    {
        var compilation = GeneratorHarness.CreateCompilation(["namespace MyPlugin; public sealed class Helper { }"]);
        var driver = GeneratorHarness.CreateDriver([Search, Weather]).RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace MyPlugin; public sealed class Another { }", GeneratorHarness.ParseOptions));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in new[] { TrackingNames.ParseManifest, TrackingNames.ToolKeys, TrackingNames.Declarations })
        {
            var reasons = Reasons(result, step);
            Assert.NotEmpty(reasons);
            Assert.All(reasons, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {reason}"));
        }

        Assert.All(OutputReasons(result), reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output: {reason}"));
    }

    [Fact]
    public void Editing_one_manifest_reparses_and_reemits_only_it()
    {
        var compilation = GeneratorHarness.CreateCompilation([]);
        var driver = GeneratorHarness.CreateDriver([Search, Weather]).RunGenerators(compilation);

        var editedWeather = Tool("weather", "location");
        var result = driver.ReplaceAdditionalText(Weather, editedWeather).RunGenerators(compilation).GetRunResult().Results.Single();

        var parse = result.TrackedSteps[TrackingNames.ParseManifest].SelectMany(step => step.Outputs).Select(output => output.Reason).ToArray();
        Assert.Equal(1, parse.Count(reason => reason == IncrementalStepRunReason.Modified));
        Assert.Equal(1, parse.Count(reason => reason == IncrementalStepRunReason.Cached));
        // The tool names did not change, so the other tool's output stays cached.
        Assert.All(Reasons(result, TrackingNames.ToolKeys), reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, reason.ToString()));
        // weather.yaml's output runs again; nothing of search.yaml does.
        var outputs = OutputReasons(result);
        Assert.Equal(1, outputs.Count(reason => reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New));
        Assert.Contains(result.GeneratedSources, source => source.SourceText.ToString().Contains("\"location\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Moving_a_manifests_lines_reemits_only_that_manifests_outputs()
    {
        // A comment above identity.name shifts every location in the file; no other manifest's record may be re-emitted.
        var compilation = GeneratorHarness.CreateCompilation([]);
        var driver = GeneratorHarness.CreateDriver([Search, Weather]).RunGenerators(compilation);

        var shifted = new InMemoryAdditionalText(Weather.Path, "# moved down a line\n" + Weather.GetText()!.ToString());
        var result = driver.ReplaceAdditionalText(Weather, shifted).RunGenerators(compilation).GetRunResult().Results.Single();

        // The plugin-wide index compares equal, so no step downstream of it runs.
        foreach (var step in new[] { TrackingNames.PluginIndex, TrackingNames.ToolKeys, TrackingNames.Wiring, TrackingNames.RecordConflicts })
        {
            var reasons = Reasons(result, step);
            Assert.NotEmpty(reasons);
            Assert.All(reasons, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {reason}"));
        }

        // weather.yaml's output runs again (its diagnostics, record and declaration); nothing of search.yaml, and no plugin-wide output.
        var outputs = OutputReasons(result);
        Assert.Equal(1, outputs.Count(reason => reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New));
        Assert.Equal(outputs.Length - 1, outputs.Count(reason => reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
    }

    [Fact]
    public void Editing_a_manifests_text_rewrites_its_own_files_and_not_the_plugin_registry()
    {
        var manifest = new InMemoryAdditionalText(GeneratorHarness.ProjectDirectory + "manifest.yaml", SnapshotTests.RepositoryFile("samples/LlmTool/manifest.yaml"));
        var provider = new InMemoryAdditionalText(GeneratorHarness.ProjectDirectory + "provider/llm.yaml", SnapshotTests.RepositoryFile("samples/LlmTool/provider/llm.yaml"));
        var tool = new InMemoryAdditionalText(GeneratorHarness.ProjectDirectory + "tools/llm.yaml", SnapshotTests.RepositoryFile("samples/LlmTool/tools/llm.yaml"));
        var compilation = GeneratorHarness.CreateCompilation([]);
        var driver = GeneratorHarness.CreateDriver([manifest, provider, tool]).RunGenerators(compilation);
        var before = driver.GetRunResult().Results.Single().GeneratedSources.ToDictionary(source => source.HintName, source => source.SourceText.ToString());

        var edited = new InMemoryAdditionalText(tool.Path, tool.GetText()!.ToString().Replace("key words for searching", "what to look up", StringComparison.Ordinal));
        var result = driver.ReplaceAdditionalText(tool, edited).RunGenerators(compilation).GetRunResult().Results.Single();

        var changed = result.GeneratedSources.Where(source => before[source.HintName] != source.SourceText.ToString()).Select(source => source.HintName).Order(StringComparer.Ordinal).ToArray();
        // The tool's one file (its record with its declaration beside it) changes; the registry and the provider do not.
        Assert.Equal(["LlmParameters.g.cs"], changed);
        Assert.All(Reasons(result, TrackingNames.Declarations), reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, reason.ToString()));
        var record = result.GeneratedSources.Single(source => source.HintName == "LlmParameters.g.cs").SourceText.ToString();
        Assert.Contains("what to look up", record[record.IndexOf("internal static partial class DifyPlugin", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public void Editing_a_manifest_without_changing_it_is_cached_all_the_way()
    {
        var compilation = GeneratorHarness.CreateCompilation([]);
        var driver = GeneratorHarness.CreateDriver([Search, Weather]).RunGenerators(compilation);

        var result = driver.ReplaceAdditionalText(Weather, Tool("weather", "city")).RunGenerators(compilation).GetRunResult().Results.Single();

        Assert.All(Reasons(result, TrackingNames.ParseManifest), reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, reason.ToString()));
    }

    private static IncrementalStepRunReason[] Reasons(GeneratorRunResult result, string step) =>
        result.TrackedSteps[step].SelectMany(run => run.Outputs).Select(output => output.Reason).ToArray();

    private static IncrementalStepRunReason[] OutputReasons(GeneratorRunResult result) =>
        result.TrackedOutputSteps.SelectMany(pair => pair.Value).SelectMany(run => run.Outputs).Select(output => output.Reason).ToArray();

    private static AdditionalText Tool(string name, string parameter) => new InMemoryAdditionalText(
        $"{GeneratorHarness.ProjectDirectory}tools/{name}.yaml",
        $$$"""
        identity: {name: {{{name}}}, author: me, label: {en_US: {{{name}}}}}
        description: {human: {en_US: {{{name}}}}, llm: {{{name}}} things}
        parameters:
          - name: {{{parameter}}}
            type: string
            required: true
            form: llm
            label: {en_US: {{{parameter}}}}
            human_description: {en_US: {{{parameter}}}}
            llm_description: the {{{parameter}}}
        """);
}
