using Dify.Plugin.Analyzers.Tests.Infrastructure;
using Dify.Plugin.Generator.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static Dify.Plugin.Analyzers.Tests.Manifests;

namespace Dify.Plugin.Analyzers.Tests;

/// <summary>
/// The generator's diagnostics as an analyzer reports them (what csharp-ls and other analyzer-only hosts show): the
/// manifests' DIFY1xxx at their line and column in the YAML, the classes' DIFY2101-DIFY2105 on the [DifyTool] attribute.
/// </summary>
public sealed class GeneratorDiagnosticsAnalyzerTests
{
    private const string LlmYaml = "/project/tools/llm.yaml";

    private static Task VerifyAsync(string source, (string Path, string Text)[] manifests, params DiagnosticResult[] expected)
    {
        var test = new DifyAnalyzerTest<GeneratorDiagnosticsAnalyzer>(manifests, [AnalyzerHarness.Usings + source]);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    private static DiagnosticResult Expect(string id, DiagnosticSeverity severity) => new(id, severity);

    [Fact]
    public Task A_misspelt_type_is_reported_in_the_yaml_at_its_line_and_column() => VerifyAsync(
        ToolClassStart + ToolClassEnd,
        [MisspeltType()],
        Expect("DIFY1006", DiagnosticSeverity.Warning).WithSpan(LlmYaml, 12, 11, 12, 16)
            .WithMessage("Parameter 'prompt' has type 'strng', which this version does not know (did you mean 'string'?); it is bound as JsonElement"));

    [Fact]
    public Task A_manifest_that_is_not_yaml_is_an_error_in_the_yaml_and_its_class_gets_no_second_diagnostic() => VerifyAsync(
        """
        namespace MyPlugin;

        [DifyTool("llm")]
        public sealed partial class LlmTool
        {
        }
        """,
        [("tools/llm.yaml", "identity:\n  name: llm\n  label: [en_US: LLM\n")],
        Expect("DIFY1001", DiagnosticSeverity.Error).WithSpan(LlmYaml, 4, 1, 4, 1));

    [Fact]
    public Task An_unknown_tool_name_is_reported_on_the_attribute_with_the_closest_name() => VerifyAsync(
        """
        namespace MyPlugin;

        [{|#0:DifyTool("lm")|}]
        public sealed partial class LlmTool
        {
        }
        """,
        [Tool("llm")],
        Expect("DIFY2101", DiagnosticSeverity.Error).WithLocation(0)
            .WithMessage("[DifyTool(\"lm\")] names a tool that no tools/*.yaml declares; did you mean 'llm'?"),
        Expect("DIFY1041", DiagnosticSeverity.Warning).WithSpan(LlmYaml, 2, 9, 2, 12));

    [Fact]
    public Task A_tool_class_that_is_not_partial_is_reported_on_the_attribute() => VerifyAsync(
        """
        namespace MyPlugin;

        [{|DIFY2102:DifyTool("llm")|}]
        public sealed class LlmTool
        {
            public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(LlmParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                yield break;
            }
        }
        """,
        [Tool("llm")]);

    [Fact]
    public Task A_tool_class_without_InvokeAsync_is_reported_on_the_attribute() => VerifyAsync(
        """
        namespace MyPlugin;

        [{|DIFY2103:DifyTool("llm")|}]
        public sealed partial class LlmTool
        {
        }
        """,
        [Tool("llm")]);

    [Fact]
    public Task A_tool_class_with_a_base_class_is_reported_on_the_attribute() => VerifyAsync(
        """
        namespace MyPlugin;

        public class Helper
        {
        }

        [{|DIFY2104:DifyTool("llm")|}]
        public sealed partial class LlmTool : Helper
        {
            public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(LlmParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                yield break;
            }
        }
        """,
        [Tool("llm")]);

    [Fact]
    public Task A_second_class_for_one_tool_is_reported_on_its_attribute() => VerifyAsync(
        ToolClassStart + ToolClassEnd + """


        [{|DIFY2105:DifyTool("llm")|}]
        public sealed partial class AnotherLlmTool
        {
            public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(LlmParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                yield break;
            }
        }
        """,
        [Tool("llm")]);

    [Fact]
    public Task A_correct_plugin_gets_nothing() => VerifyAsync(ToolClassStart + ToolClassEnd, [Tool("llm")]);

    private static (string, string) MisspeltType()
    {
        var (path, text) = Tool("llm");
        return (path, text.Replace("    type: string\n", "    type: strng\n", StringComparison.Ordinal));
    }
}
