using System.Collections.Immutable;
using Dify.Plugin.Generator.Analyzers;
using Dify.Plugin.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Dify.Plugin.Generator.Tests;

/// <summary>
/// In an IDE every keystroke makes a compilation and runs the analyzers again; the manifests they read must be parsed
/// (and tool manifests' files written) only when their text changes, never for a C# edit, and once for all the
/// analyzers that read them.
/// </summary>
public sealed class AnalyzerCacheTests
{
    [Fact]
    public async Task A_csharp_edit_parses_no_manifest_and_a_manifest_edit_parses_only_that_one()
    {
        var root = $"/cache-{Guid.NewGuid():N}/";
        var llm = new InMemoryAdditionalText(root + "tools/llm.yaml", SnapshotTests.RepositoryFile("samples/LlmTool/tools/llm.yaml"));
        var manifest = new InMemoryAdditionalText(root + "manifest.yaml", SnapshotTests.RepositoryFile("samples/LlmTool/manifest.yaml"));
        var compilation = GeneratorHarness.CreateCompilation(["namespace MyPlugin; public sealed class Helper { }"]);
        var options = new TestOptionsProvider(GeneratorHarness.DefaultOptions(root));

        await Analyze(compilation, options, llm, manifest);
        Assert.Equal((1, 1), (ParsedManifests.ParseCount(llm.Path), ParsedManifests.ParseCount(manifest.Path)));
        Assert.Equal(1, ParsedManifests.WriteCount(llm.Path));

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace MyPlugin; public sealed class Another { }", GeneratorHarness.ParseOptions));
        await Analyze(edited, options, llm, manifest);
        await Analyze(edited, options, llm, manifest);
        Assert.Equal((1, 1), (ParsedManifests.ParseCount(llm.Path), ParsedManifests.ParseCount(manifest.Path)));
        // Nor does it write any tool's file (the analyzer checks the size the generator's file will have).
        Assert.Equal(1, ParsedManifests.WriteCount(llm.Path));

        var llmEdited = new InMemoryAdditionalText(llm.Path, llm.GetText()!.ToString().Replace("key words for searching", "what to search for", StringComparison.Ordinal));
        await Analyze(edited, options, llmEdited, manifest);
        Assert.Equal((2, 1), (ParsedManifests.ParseCount(llm.Path), ParsedManifests.ParseCount(manifest.Path)));
        Assert.Equal(2, ParsedManifests.WriteCount(llm.Path));
    }

    private static Task<ImmutableArray<Diagnostic>> Analyze(Compilation compilation, AnalyzerConfigOptionsProvider options, params AdditionalText[] files) =>
        compilation.WithAnalyzers([new DifyUsageAnalyzer(), new GeneratorDiagnosticsAnalyzer()], new AnalyzerOptions([.. files], options)).GetAnalyzerDiagnosticsAsync();
}
