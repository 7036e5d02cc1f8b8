using Dify.Plugin.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Dify.Plugin.Generator.Tests;

/// <summary>Diagnostics about [DifyTool] classes and about manifest.yaml and provider files.</summary>
public sealed class DiagnosticTests
{
    private static readonly (string, string) LlmManifest = ("tools/llm.yaml", SnapshotTests.RepositoryFile("samples/LlmTool/tools/llm.yaml"));

    private const string Usings = "using System.Collections.Generic; using System.Runtime.CompilerServices; using System.Threading; using Dify.Plugin; namespace MyPlugin;\n";

    private const string ValidInvoke = "public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(LlmParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken) { await System.Threading.Tasks.Task.Yield(); yield break; }";

    [Fact]
    public void A_class_naming_an_unknown_tool_gets_did_you_mean_at_the_attribute()
    {
        var run = GeneratorHarness.Run([LlmManifest], [Usings + "[DifyTool(\"lmm\")] public partial class LlmTool { }"]);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFY2101");
        Assert.Contains("did you mean 'llm'?", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(("/project/Source0.cs", 1, 1), (span.Path, span.StartLinePosition.Line, span.StartLinePosition.Character));
        Assert.Equal("DifyTool(\"lmm\")".Length, diagnostic.Location.SourceSpan.Length);
    }

    [Fact]
    public void A_class_whose_manifest_cannot_be_read_gets_only_the_manifests_error()
    {
        var broken = LlmManifest.Item2.Replace("  name: llm\n", "  name: [llm\n", StringComparison.Ordinal);

        var run = GeneratorHarness.Run([("tools/llm.yaml", broken)], [Usings + "[DifyTool(\"llm\")] public partial class LlmTool { " + ValidInvoke + " }"]);

        var error = Assert.Single(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("DIFY1001", error.Id);
    }

    [Fact]
    public void A_valid_class_is_wired_and_the_tool_no_longer_lacks_one()
    {
        var run = GeneratorHarness.Run([LlmManifest], [Usings + "[DifyTool(\"llm\")] public sealed partial class LlmTool { " + ValidInvoke + " }"]);

        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "DIFY1041" or "DIFY2101" or "DIFY2102" or "DIFY2103");
        Assert.Contains("partial class LlmTool : global::Dify.Plugin.Tool", Assert.Single(run.Sources, source => source.HintName == "DifyPlugin.Tools.g.cs").Source, StringComparison.Ordinal);
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void What_does_not_work_as_written_is_a_warning_a_CLI_build_shows_and_what_is_only_dropped_stays_info()
    {
        var manifest = LlmManifest.Item2.Replace("    form: llm\n", "    form: llm\n    placeholder: {en_US: Ask}\n    options:\n      - value: a\n        label: {en_US: A}\n", StringComparison.Ordinal);

        var run = GeneratorHarness.Run([("tools/llm.yaml", manifest)], [Usings]);

        // The compiler prints no Info diagnostic in a command-line build (issue 11): a tool Dify lists and cannot run,
        // and options that restrict nothing, must be Warnings; a key Dify only drops stays Info (see docs/diagnostics/README.md).
        Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFY1041").Severity);
        Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFY1026").Severity);
        Assert.Equal(DiagnosticSeverity.Info, Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFY1025").Severity);
    }

    [Theory]
    [InlineData("[DifyTool(\"llm\")] public class LlmTool { " + ValidInvoke + " }", "DIFY2102")]
    [InlineData("[DifyTool(\"llm\")] public partial class LlmTool { }", "DIFY2103")]
    [InlineData("[DifyTool(\"llm\")] public partial class LlmTool { public IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(string parameters, CancellationToken cancellationToken) => null!; }", "DIFY2103")]
    [InlineData("public class Base { } [DifyTool(\"llm\")] public partial class LlmTool : Base { " + ValidInvoke + " }", "DIFY2104")]
    [InlineData("[DifyTool(\"llm\")] public partial class LlmTool { " + ValidInvoke + " } [DifyTool(\"llm\")] public partial class OtherTool { " + ValidInvoke + " }", "DIFY2105")]
    public void Misshapen_tool_classes_get_an_error_and_no_wiring(string source, string id)
    {
        var run = GeneratorHarness.Run([LlmManifest], [Usings + source]);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.StartsWith("/project/Source0.cs", diagnostic.Location.GetLineSpan().Path, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nested_tool_class_is_wired_inside_its_containing_types()
    {
        var run = GeneratorHarness.Run([LlmManifest], [Usings + "public static partial class Tools { [DifyTool(\"llm\")] public sealed partial class LlmTool { " + ValidInvoke + " } }"]);

        Assert.Empty(run.CompilationProblems);
        Assert.Contains(run.Sources, source => source.Source.Contains("partial class Tools", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_manifests_declaring_one_tool_name_generate_once_and_report_the_second()
    {
        var run = GeneratorHarness.Run([LlmManifest, ("tools/zz_copy.yaml", LlmManifest.Item2)]);

        var duplicate = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFY1040");
        Assert.Contains("tools/zz_copy.yaml", duplicate.Location.GetLineSpan().Path, StringComparison.Ordinal);
        Assert.Single(run.Sources, source => source.HintName.StartsWith("LlmParameters.", StringComparison.Ordinal));
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void In_a_plugin_the_second_of_two_manifests_declaring_one_tool_name_still_gets_its_declaration()
    {
        // Its record is not written (DIFY1040), but the provider lists it, so the registry names its declaration: the
        // declaration goes into a file of its own, exactly as for a manifest that has no record at all.
        const string root = "samples/LlmTool/";
        var provider = SnapshotTests.RepositoryFile(root + "provider/llm.yaml").Replace("  - tools/llm.yaml", "  - tools/llm.yaml\n  - tools/zz_copy.yaml", StringComparison.Ordinal);
        var run = GeneratorHarness.Run(
        [
            ("manifest.yaml", SnapshotTests.RepositoryFile(root + "manifest.yaml")),
            ("provider/llm.yaml", provider),
            LlmManifest,
            ("tools/zz_copy.yaml", LlmManifest.Item2),
        ],
        [Usings + "[DifyTool(\"llm\")] public sealed partial class LlmTool { " + ValidInvoke + " }"]);

        Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFY1040");
        Assert.Single(run.Sources, source => source.HintName.StartsWith("LlmParameters.", StringComparison.Ordinal));
        var declaration = Assert.Single(run.Sources, source => source.HintName.Contains("zz_copy", StringComparison.Ordinal)).Source;
        var parsed = Parsing.ToolManifestParser.Parse(GeneratorHarness.ProjectDirectory + "tools/zz_copy.yaml", "tools/zz_copy.yaml", LlmManifest.Item2, CancellationToken.None);
        Assert.Equal(Emit.DeclarationEmitter.Emit(parsed.Declaration!, "MyPlugin"), declaration);
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void Plugin_manifest_rules_of_the_daemon_are_checked()
    {
        const string manifest = """
            version: 1.0
            type: plugin
            author: Dify-DotNet
            name: My Plugin
            label: {en_US: My plugin}
            description: {en_US: Does things}
            icon: icon.svg
            created_at: 2026-11-21T00:00:00Z
            resource:
              memory: 0
            plugins:
              tools:
                - provider/mine.yaml
                - provider/missing.yaml
            meta:
              version: 0.0.1
              arch: [amd64]
              runner:
                language: csharp
                version: "10"
                entrypoint: main
            """;
        const string provider = """
            identity: {author: me, name: mine, label: {en_US: Mine}, description: {en_US: Mine}, icon: icon.svg}
            credentials_for_provider: {}
            tools:
              - tools/llm.yaml
              - tools/nope.yaml
            """;

        var run = GeneratorHarness.Run([("manifest.yaml", manifest), ("provider/mine.yaml", provider), LlmManifest]);
        var text = run.DescribeDiagnostics();

        Assert.Contains("manifest.yaml(1,10): warning DIFY1050: manifest.yaml 'version' is '1.0'", text, StringComparison.Ordinal);
        Assert.Contains("manifest.yaml(3,9): warning DIFY1050: manifest.yaml 'author' is 'Dify-DotNet'", text, StringComparison.Ordinal);
        Assert.Contains("manifest.yaml(4,7): warning DIFY1050: manifest.yaml 'name' is 'My Plugin'", text, StringComparison.Ordinal);
        Assert.Contains("DIFY1003: 'resource.memory' is required", text, StringComparison.Ordinal);
        Assert.Contains("manifest.yaml(19,15): warning DIFY1051: meta.runner.language is 'csharp'", text, StringComparison.Ordinal);
        Assert.Contains("manifest.yaml(14,7): warning DIFY1052: 'plugins.tools' lists 'provider/missing.yaml'", text, StringComparison.Ordinal);
        Assert.Contains("provider/mine.yaml(5,5): warning DIFY1052: 'tools' lists 'tools/nope.yaml'", text, StringComparison.Ordinal);
        Assert.DoesNotContain("lists 'provider/mine.yaml'", text, StringComparison.Ordinal);
        Assert.DoesNotContain("'tools/llm.yaml'", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sample_plugin_has_no_manifest_warnings()
    {
        var root = "samples/LlmTool/";
        var run = GeneratorHarness.Run(
        [
            ("manifest.yaml", SnapshotTests.RepositoryFile(root + "manifest.yaml")),
            ("provider/llm.yaml", SnapshotTests.RepositoryFile(root + "provider/llm.yaml")),
            LlmManifest,
        ],
        // With its class: a tool without one is a warning (DIFY1041).
        [Usings + "[DifyTool(\"llm\")] public sealed partial class LlmTool { " + ValidInvoke + " }"]);

        Assert.Empty(run.GeneratorDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()));
    }

    [Fact]
    public void An_invalid_namespace_option_falls_back_to_the_root_namespace_with_a_warning()
    {
        var options = GeneratorHarness.DefaultOptions();
        options["build_property.DifyPluginNamespace"] = "My Plugin.1st";

        var run = GeneratorHarness.Run([LlmManifest], options: options);

        Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFY1060");
        Assert.Contains(run.Sources, source => source.Source.Contains("namespace MyPlugin", StringComparison.Ordinal));
    }

    [Fact]
    public void A_key_defined_twice_is_reported_at_the_second_and_the_last_value_wins()
    {
        const string manifest = """
            identity: {name: twice, author: me, label: {en_US: Twice}}
            description: {human: {en_US: Twice}, llm: Defines a key twice.}
            parameters:
              - name: query
                type: string
                required: false
                form: llm
                label: {en_US: Query}
                human_description: {en_US: Query}
                llm_description: The query
                required: true
            """;

        var run = GeneratorHarness.Run([("tools/twice.yaml", manifest)]);

        var duplicate = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFY1029");
        Assert.Equal(11, duplicate.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Contains("key 'required' is defined again in this mapping (first at line 6)", duplicate.GetMessage(), StringComparison.Ordinal);
        Assert.Contains(run.Sources, source => source.Source.Contains("public required string Query", StringComparison.Ordinal));
    }

    [Fact]
    public void A_second_tool_provider_is_reported_because_the_daemon_keeps_only_the_first()
    {
        var manifest = SnapshotTests.RepositoryFile("samples/LlmTool/manifest.yaml")
            .Replace("    - provider/llm.yaml", "    - provider/llm.yaml\n    - provider/other.yaml", StringComparison.Ordinal);

        var run = GeneratorHarness.Run([("manifest.yaml", manifest), ("provider/llm.yaml", SnapshotTests.RepositoryFile("samples/LlmTool/provider/llm.yaml")), LlmManifest]);

        var second = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFY1053");
        Assert.Equal("manifest.yaml lists 2 tool providers, but Dify's daemon keeps only the first ('provider/llm.yaml') and ignores the others; a plugin has one tool provider", second.GetMessage());
        Assert.Equal(23, second.Location.GetLineSpan().StartLinePosition.Line + 1);
    }

    [Fact]
    public void A_YamlDotNet_that_cannot_be_used_is_reported_with_its_version_and_file()
    {
        var reader = new FailingReader();

        reader.Fail(new MissingMethodException("Method not found: 'YamlDotNet.Core.Parser..ctor(System.IO.TextReader)'."));
        reader.Fail(new InvalidOperationException("something else"));

        var conflict = Assert.Single(reader.Diagnostics, d => d.Id == "DIFY1099").ToDiagnostic();
        Assert.Equal(DiagnosticSeverity.Error, conflict.Severity);
        Assert.Contains("version 16.", conflict.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("YamlDotNet.dll", conflict.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("please report this", Assert.Single(reader.Diagnostics, d => d.Id == "DIFY1001").ToDiagnostic().GetMessage(), StringComparison.Ordinal);
    }

    private sealed class FailingReader() : Parsing.ManifestReader("/project/tools/x.yaml", "tools/x.yaml")
    {
        public void Fail(Exception exception) => ReportParserFailure(exception);
    }

    [Fact]
    public void Every_descriptor_has_a_documentation_page_and_a_help_link()
    {
        var docs = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(SnapshotTests.RepositoryFilePath("README.md"))!, "docs", "diagnostics"));
        foreach (var descriptor in Diagnostics.DiagnosticDescriptors.Descriptors)
        {
            Assert.True(File.Exists(Path.Combine(docs, descriptor.Id + ".md")), $"docs/diagnostics/{descriptor.Id}.md is missing");
            Assert.EndsWith($"/docs/diagnostics/{descriptor.Id}.md", descriptor.HelpLinkUri, StringComparison.Ordinal);
            var page = File.ReadAllText(Path.Combine(docs, descriptor.Id + ".md"));
            Assert.StartsWith($"# {descriptor.Id}", page, StringComparison.Ordinal);
        }
    }
}
