using Dify.Plugin.Analyzers.Tests.Infrastructure;
using Dify.Plugin.CodeFixes;
using Dify.Plugin.Generator.Analyzers;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static Dify.Plugin.Analyzers.Tests.Manifests;

namespace Dify.Plugin.Analyzers.Tests;

/// <summary>
/// Fixes that can apply more than once, on Microsoft.CodeAnalysis.Testing: one at a time (the incremental iterations),
/// and all at once in a document, a project and a solution (FixAll), each ending in the same code.
/// </summary>
public sealed class FixAllTests
{
    private static string ToolReading(string first, string second) => AnalyzerHarness.Usings + $$"""
        namespace MyPlugin;

        public sealed partial class LlmTool : Tool
        {
            protected override async IAsyncEnumerable<ToolInvokeMessage> InvokeCoreAsync(ToolParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Yield();
                yield return CreateTextMessage(parameters.GetString({{first}}) ?? "");
                yield return CreateTextMessage(parameters.GetString({{second}}) ?? "");
            }
        }
        """;

    private static string HelperReading(string name) => AnalyzerHarness.Usings + $$"""
        namespace MyPlugin;

        public sealed partial class LlmTool
        {
            public static string? Read(ToolParameters parameters) => parameters.GetString({{name}});
        }
        """;

    [Fact]
    public async Task Every_undeclared_parameter_name_is_renamed_one_by_one_and_all_at_once()
    {
        var test = new DifyCodeFixTest<DifyUsageAnalyzer, ParameterNameCodeFixProvider>(
            [Tool("llm")],
            [ToolReading("""{|DIFY2003:"promt"|}""", """{|DIFY2003:"prompts"|}""")],
            [Tool("llm")],
            [ToolReading("\"prompt\"", "\"prompt\"")])
        {
            NumberOfIncrementalIterations = 2,
            NumberOfFixAllIterations = 1,
            // A raw Tool subclass without [DifyTool], as in the seed: the generator's "tool has no class" is expected.
            DisabledDiagnostics = { "DIFY1041" },
        };

        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_all_in_the_project_renames_in_every_document_of_the_tool_class()
    {
        var test = new DifyCodeFixTest<DifyUsageAnalyzer, ParameterNameCodeFixProvider>(
            [Tool("llm")],
            [ToolReading("""{|DIFY2003:"promt"|}""", """{|DIFY2003:"modle"|}"""), HelperReading("""{|DIFY2003:"prompts"|}""")],
            [Tool("llm")],
            [ToolReading("\"prompt\"", "\"model\""), HelperReading("\"prompt\"")])
        {
            NumberOfIncrementalIterations = 3,
            NumberOfFixAllInDocumentIterations = 2,
            NumberOfFixAllIterations = 1,
            // A raw Tool subclass without [DifyTool], as in the seed: the generator's "tool has no class" is expected.
            DisabledDiagnostics = { "DIFY1041" },
        };

        await test.RunAsync();
    }

    [Fact]
    public async Task One_scope_edit_clears_every_call_with_tools_from_that_selector()
    {
        // DIFY2001 has no FixAll: its fix edits the YAML key all those diagnostics come from, so the first one clears all.
        var calls = AnalyzerHarness.Usings + ToolClassStart + $$"""
                await Session.Model.Llm.InvokeAsync(parameters.Model, [new UserPromptMessage(parameters.Prompt)], {|DIFY2001:[{{Tools}}]|}, cancellationToken: cancellationToken);
                await Session.Model.Llm.InvokeAsync(parameters.Model, [new UserPromptMessage("again")], {|DIFY2001:[{{Tools}}]|}, cancellationToken: cancellationToken);
        """ + ToolClassEnd;
        var test = new DifyCodeFixTest<DifyUsageAnalyzer, ScopeTokenCodeFixProvider>(
            [Tool("llm"), PluginManifest()],
            [calls],
            [Tool("llm", "llm&tool-call"), PluginManifest()],
            [calls.Replace("{|DIFY2001:", "", StringComparison.Ordinal).Replace("]|}", "]", StringComparison.Ordinal)])
        {
            NumberOfIncrementalIterations = 1,
            CodeFixTestBehaviors = CodeFixTestBehaviors.SkipFixAllCheck,
        };

        await test.RunAsync();
    }
}
