using Dify.Plugin.Analyzers.Tests.Infrastructure;
using Dify.Plugin.CodeFixes;
using Dify.Plugin.Generator.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;
using static Dify.Plugin.Analyzers.Tests.Manifests;

namespace Dify.Plugin.Analyzers.Tests;

/// <summary>
/// Each fix on Microsoft.CodeAnalysis.Testing: the exact C# and YAML after it (formatting and comments kept), its title,
/// and the fixed project verified as a whole: the diagnostic gone, no compiler error, and no generator diagnostic about
/// the fixed YAML (<see cref="DifyCodeFixTest{TAnalyzer, TCodeFix}"/> runs the generator's analyzer too).
/// </summary>
public sealed class CodeFixTests
{
    private const string SeedManifest = """
        identity:
          name: llm
          author: Dify
          label:
            en_US: LLM
        description:
          human:
            en_US: A tool for invoking a large language model
          llm: A tool for invoking a large language model
        # The user's comment stays where it is.
        parameters:
          - name: prompt
            type: string
            required: true
            label:
              en_US: Prompt string
            human_description:
              en_US: used for searching
            llm_description: key words for searching
            form: llm
          - name: model
            type: model-selector
            scope: llm   # picked in the UI
            required: true
            label:
              en_US: Model
            human_description:
              en_US: Model
            form: form
        extra:
          python:
            source: tools/llm.py
        """;

    private const string RawToolStart = """
        namespace MyPlugin;

        public sealed class LlmTool : Tool
        {
            protected override async IAsyncEnumerable<ToolInvokeMessage> InvokeCoreAsync(ToolParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
        """;

    private const string RawToolEnd = """
            }
        }
        """;

    private const string HandBuiltConfigCall = """
                var result = await Session.Model.Llm.InvokeAsync(
                    {|DIFY2002:new LLMModelConfig { Provider = "openai", Model = "gpt-4o-mini", Mode = "chat" }|},
                    [new UserPromptMessage(parameters.Prompt)],
                    cancellationToken: cancellationToken);
                yield return CreateTextMessage(result.Message.GetTextContent());
        """;

    private const string SelectorCall = """
                var result = await Session.Model.Llm.InvokeAsync(
                    parameters.Model,
                    [new UserPromptMessage(parameters.Prompt)],
                    cancellationToken: cancellationToken);
                yield return CreateTextMessage(result.Message.GetTextContent());
        """;

    /// <summary>
    /// Runs <typeparamref name="TCodeFix"/> on the marked diagnostics and checks the exact fixed sources and manifests;
    /// with <paramref name="title"/>, every code action offered must carry that title.
    /// </summary>
    private static async Task VerifyFixAsync<TCodeFix>(
        (string Path, string Text)[] manifests,
        string source,
        (string Path, string Text)[] fixedManifests,
        string fixedSource,
        string? title = null,
        params string[] disabledDiagnostics)
        where TCodeFix : CodeFixProvider, new()
    {
        var titles = new List<string>();
        var test = new DifyCodeFixTest<DifyUsageAnalyzer, TCodeFix>(manifests, [source], fixedManifests, [fixedSource])
        {
            CodeActionVerifier = (action, _) => titles.Add(action.Title),
        };
        test.DisabledDiagnostics.AddRange(disabledDiagnostics);

        await test.RunAsync();

        Assert.NotEmpty(titles);
        if (title is not null)
        {
            Assert.Equal(title, Assert.Single(titles.Distinct()));
        }
    }

    [Fact]
    public Task Tool_call_is_added_to_the_scope_keeping_the_comment()
    {
        var source = AnalyzerHarness.Usings + ToolClassStart + """
                await Session.Model.Llm.InvokeAsync(parameters.Model, [new UserPromptMessage("x")], {|DIFY2001:[new PromptMessageTool("t", "d", new())]|}, cancellationToken: cancellationToken);
        """ + ToolClassEnd;
        var fixedManifest = SeedManifest.Replace("scope: llm   # picked in the UI", "scope: llm&tool-call   # picked in the UI", StringComparison.Ordinal);
        return VerifyFixAsync<ScopeTokenCodeFixProvider>(
            [("tools/llm.yaml", SeedManifest), PluginManifest()],
            source,
            [("tools/llm.yaml", fixedManifest), PluginManifest()],
            AnalyzerHarness.Unmarked(source),
            "Add '&tool-call' to the scope of 'model' in tools/llm.yaml");
    }

    [Fact]
    public Task A_selector_without_scope_gets_one_after_its_type()
    {
        var manifest = SeedManifest.Replace("    scope: llm   # picked in the UI\n", "", StringComparison.Ordinal);
        var source = AnalyzerHarness.Usings + ToolClassStart + """
                await Session.Model.Llm.InvokeAsync(parameters.Model, [new UserPromptMessage(new PromptMessageContent[] { {|DIFY2006:new ImagePromptMessageContent { Format = "png", MimeType = "image/png" }|} })], cancellationToken: cancellationToken);
        """ + ToolClassEnd;
        return VerifyFixAsync<ScopeTokenCodeFixProvider>(
            [("tools/llm.yaml", manifest), PluginManifest()],
            source,
            [("tools/llm.yaml", manifest.Replace("    type: model-selector\n", "    type: model-selector\n    scope: llm&vision\n", StringComparison.Ordinal)), PluginManifest()],
            AnalyzerHarness.Unmarked(source));
    }

    [Fact]
    public Task A_flow_style_selector_gets_the_token_inside_its_braces()
    {
        var manifest = SeedManifest.Replace("    scope: llm   # picked in the UI\n", "", StringComparison.Ordinal)
            .Replace("  - name: model\n    type: model-selector\n", "  - {name: model, type: model-selector, scope: 'llm', required: true, label: {en_US: Model}, human_description: {en_US: Model}, form: form}\n  - name: unused\n    type: string\n", StringComparison.Ordinal);
        var source = AnalyzerHarness.Usings + ToolClassStart + """
                await Session.Model.Llm.InvokeAsync(parameters.Model, [new UserPromptMessage("x")], {|DIFY2001:[new PromptMessageTool("t", "d", new())]|}, cancellationToken: cancellationToken);
        """ + ToolClassEnd;
        return VerifyFixAsync<ScopeTokenCodeFixProvider>(
            [("tools/llm.yaml", manifest), PluginManifest()],
            source,
            [("tools/llm.yaml", manifest.Replace("type: model-selector, scope: 'llm',", "type: model-selector, scope: 'llm&tool-call',", StringComparison.Ordinal)), PluginManifest()],
            AnalyzerHarness.Unmarked(source));
    }

    [Fact]
    public Task Hand_built_config_becomes_a_model_selector_in_yaml_and_code()
    {
        var manifest = SeedManifest[..SeedManifest.IndexOf("  - name: model", StringComparison.Ordinal)] + "extra:\n  python:\n    source: tools/llm.py\n";
        var fixedManifest = manifest.Replace("    form: llm\nextra:", """
                form: llm
              - name: model
                type: model-selector
                scope: llm
                required: true
                label:
                  en_US: Model
                  zh_Hans: 使用的模型
                  pt_BR: Model
                human_description:
                  en_US: Model
                  zh_Hans: 使用的模型
                  pt_BR: Model
                llm_description: which Model to invoke
                form: form
            extra:
            """.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        return VerifyFixAsync<ModelSelectorCodeFixProvider>(
            [("tools/llm.yaml", manifest), PluginManifest()],
            AnalyzerHarness.Usings + ToolClassStart + HandBuiltConfigCall + ToolClassEnd,
            [("tools/llm.yaml", fixedManifest), PluginManifest()],
            AnalyzerHarness.Usings + ToolClassStart + SelectorCall + ToolClassEnd,
            "Let the user pick the model: add a model-selector parameter to tools/llm.yaml");
    }

    [Fact]
    public Task A_manifest_that_already_has_the_selector_gets_a_fix_titled_to_use_it_and_no_new_parameter() =>
        VerifyFixAsync<ModelSelectorCodeFixProvider>(
            [Tool("llm"), PluginManifest()],
            AnalyzerHarness.Usings + ToolClassStart + HandBuiltConfigCall + ToolClassEnd,
            [Tool("llm"), PluginManifest()],
            AnalyzerHarness.Usings + ToolClassStart + SelectorCall + ToolClassEnd,
            "Let the user pick the model: use the model-selector parameter 'model' of tools/llm.yaml");

    [Fact]
    public Task A_raw_tool_gets_the_raw_accessor_and_an_embedding_selector()
    {
        var (path, manifest) = Tool("llm");
        var fixedManifest = manifest.Replace("    form: form\n\nextra:", """
                form: form
              - name: embedding_model
                type: model-selector
                scope: text-embedding
                required: true
                label:
                  en_US: Model
                  zh_Hans: 使用的模型
                  pt_BR: Model
                human_description:
                  en_US: Model
                  zh_Hans: 使用的模型
                  pt_BR: Model
                llm_description: which Model to invoke
                form: form

            extra:
            """.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        return VerifyFixAsync<ModelSelectorCodeFixProvider>(
            [(path, manifest), PluginManifest("      enabled: true\n      text_embedding: true")],
            AnalyzerHarness.Usings + RawToolStart + """
                    var result = await Session.Model.TextEmbedding.InvokeAsync({|DIFY2002:new TextEmbeddingModelConfig { Provider = "openai", Model = "text-embedding-3-small" }|}, ["a"], cancellationToken: cancellationToken);
                    yield return CreateTextMessage(result.Model);
            """ + RawToolEnd,
            [(path, fixedManifest), PluginManifest("      enabled: true\n      text_embedding: true")],
            AnalyzerHarness.Usings + RawToolStart + """
                    var result = await Session.Model.TextEmbedding.InvokeAsync(parameters.GetModelConfig<TextEmbeddingModelConfig>("embedding_model"), ["a"], cancellationToken: cancellationToken);
                    yield return CreateTextMessage(result.Model);
            """ + RawToolEnd,
            // A raw Tool subclass without [DifyTool], as in the seed: the generator's "tool has no class" is expected.
            disabledDiagnostics: "DIFY1041");
    }

    [Fact]
    public Task Undeclared_parameter_is_renamed_to_the_declared_one()
    {
        const string Body = """
                    await Task.Yield();
                    yield return CreateTextMessage(parameters.GetString({|DIFY2003:"query"|}) ?? "");
            """;
        return VerifyFixAsync<ParameterNameCodeFixProvider>(
            [("tools/llm.yaml", SeedManifest), PluginManifest()],
            AnalyzerHarness.Usings + RawToolStart + Body + RawToolEnd,
            [("tools/llm.yaml", SeedManifest), PluginManifest()],
            AnalyzerHarness.Usings + RawToolStart + Body.Replace("{|DIFY2003:\"query\"|}", "\"prompt\"", StringComparison.Ordinal) + RawToolEnd,
            "Use the declared parameter 'prompt'",
            "DIFY1041");
    }

    [Theory]
    [InlineData("      enabled: false\n      llm: true", "      enabled: true\n      llm: true\n      moderation: true")]
    [InlineData("      llm: true", "      llm: true\n      enabled: true\n      moderation: true")]
    public Task Model_permission_flags_are_set_in_the_manifest(string before, string after)
    {
        var source = AnalyzerHarness.Usings + ToolClassStart + """
                await Session.Model.Moderation.{|DIFY2004:InvokeAsync|}(new ModerationModelConfig { Provider = parameters.Prompt, Model = "m" }, "x", cancellationToken);
        """ + ToolClassEnd;
        return VerifyFixAsync<PermissionCodeFixProvider>(
            [Tool("llm"), PluginManifest(before)],
            source,
            [Tool("llm"), PluginManifest(after)],
            AnalyzerHarness.Unmarked(source),
            "Enable the 'moderation' model permission in manifest.yaml");
    }

    [Fact]
    public Task A_manifest_without_any_permission_gets_the_whole_block()
    {
        var manifest = PluginManifest("").Item2.Replace("  permission:\n    model:\n\n", "", StringComparison.Ordinal);
        Assert.DoesNotContain("permission", manifest, StringComparison.Ordinal);
        var source = AnalyzerHarness.Usings + ToolClassStart + """
                await Session.Model.Llm.{|DIFY2004:InvokeAsync|}(parameters.Model, [new UserPromptMessage("x")], cancellationToken: cancellationToken);
        """ + ToolClassEnd;
        return VerifyFixAsync<PermissionCodeFixProvider>(
            [Tool("llm"), ("manifest.yaml", manifest)],
            source,
            [Tool("llm"), ("manifest.yaml", manifest.Replace("  memory: 268435456\nplugins:", "  memory: 268435456\n  permission:\n    model:\n      enabled: true\n      llm: true\nplugins:", StringComparison.Ordinal))],
            AnalyzerHarness.Unmarked(source));
    }
}
