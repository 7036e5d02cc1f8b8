using System.Text;
using Dify.Plugin.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Dify.Plugin.Generator.Tests;

/// <summary>
/// The generated code and the diagnostics for representative manifests, against checked-in snapshots
/// (<c>Snapshots/*.verified.cs</c>; re-approve with <c>DIFY_ACCEPT_SNAPSHOTS=1</c>).
/// </summary>
public sealed class SnapshotTests
{
    [Fact]
    public void Seed_llm_tool() => Verify("seed_llm", ("tools/llm.yaml", RepositoryFile("samples/LlmTool/tools/llm.yaml")));

    [Fact]
    public void Every_parameter_type_and_scope() => Verify("every_type", ("tools/every_type.yaml", Manifest("every_type.yaml")));

    [Fact]
    public void Manifest_breaking_the_daemons_rules() => Verify("malformed_daemon_rules", ("tools/bad.yaml", Manifest("malformed_daemon_rules.yaml")));

    [Fact]
    public void Manifest_with_a_yaml_syntax_error() => Verify("malformed_yaml_syntax", ("tools/broken.yaml", Manifest("malformed_yaml_syntax.yaml")));

    [Fact]
    public void Manifest_with_wrong_shapes() => Verify("malformed_shapes", ("tools/shapes.yaml", Manifest("malformed_shapes.yaml")));

    [Fact]
    public void Tool_class_wiring() => Verify(
        "tool_class",
        [("tools/llm.yaml", RepositoryFile("samples/LlmTool/tools/llm.yaml"))],
        """
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using Dify.Plugin;

        namespace MyPlugin.Tools;

        [DifyTool("llm")]
        public sealed partial class LlmTool
        {
            public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(MyPlugin.LlmParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await foreach (var chunk in Session.Model.Llm.InvokeStreamingAsync(parameters.Model, [new UserPromptMessage(parameters.Prompt)], cancellationToken: cancellationToken))
                {
                    yield return ToolInvokeMessage.CreateText(chunk.Delta.Message.GetTextContent());
                }
            }
        }
        """);

    private static void Verify(string name, params (string Path, string Text)[] manifests) => Verify(name, manifests, null);

    private static void Verify(string name, (string Path, string Text)[] manifests, string? source)
    {
        var run = GeneratorHarness.Run(manifests, source is null ? null : [source]);
        var snapshot = new StringBuilder();
        snapshot.Append("// Diagnostics:\n");
        foreach (var line in run.DescribeDiagnostics().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            snapshot.Append("//   ").Append(line).Append('\n');
        }

        foreach (var (hintName, text) in run.Sources.OrderBy(source => source.HintName, StringComparer.Ordinal))
        {
            snapshot.Append("\n// ===== ").Append(hintName).Append(" =====\n").Append(text);
        }

        Snapshot.Match(name, snapshot.ToString());
        // Whatever the manifest, the generated code must compile cleanly.
        Assert.Empty(run.CompilationProblems.Select(diagnostic => diagnostic.ToString()));
    }

    internal static string Manifest(string name) => File.ReadAllText(RepositoryPaths.TestProject(Path.Combine("Manifests", name)));

    internal static string RepositoryFile(string relativePath) => File.ReadAllText(RepositoryPaths.File(relativePath));

    internal static string RepositoryFilePath(string relativePath) => RepositoryPaths.File(relativePath);
}
