using Dify.Plugin.Analyzers.Tests.Infrastructure;
using Dify.Plugin.CodeFixes;
using Dify.Plugin.Generator.Analyzers;
using Dify.Plugin.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;
using static Dify.Plugin.Analyzers.Tests.Manifests;

namespace Dify.Plugin.Analyzers.Tests;

/// <summary>Each fix: the C# and the YAML after it, formatting and comments kept, and the generator accepting the result.</summary>
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

    [Fact]
    public async Task Tool_call_is_added_to_the_scope_keeping_the_comment()
    {
        const string Call = """
                await Session.Model.Llm.InvokeAsync(parameters.Model, [new UserPromptMessage("x")], {|DIFY2001:[new PromptMessageTool("t", "d", new())]|}, cancellationToken: cancellationToken);
        """;
        var fixedManifest = SeedManifest.Replace("scope: llm   # picked in the UI", "scope: llm&tool-call   # picked in the UI", StringComparison.Ordinal);
        var titles = new List<string>();
        var test = new DifyCodeFixTest<DifyUsageAnalyzer, ScopeTokenCodeFixProvider>(
            [("tools/llm.yaml", SeedManifest), PluginManifest()],
            [AnalyzerHarness.Usings + ToolClassStart + Call + ToolClassEnd],
            [("tools/llm.yaml", fixedManifest), PluginManifest()],
            [AnalyzerHarness.Usings + ToolClassStart + Call.Replace("{|DIFY2001:", "", StringComparison.Ordinal).Replace("]|}", "]", StringComparison.Ordinal) + ToolClassEnd])
        {
            CodeActionVerifier = (action, verifier) => titles.Add(action.Title),
        };

        await test.RunAsync();

        Assert.Equal("Add '&tool-call' to the scope of 'model' in tools/llm.yaml", Assert.Single(titles.Distinct()));
    }

    [Fact]
    public async Task A_selector_without_scope_gets_one_after_its_type()
    {
        var manifest = SeedManifest.Replace("    scope: llm   # picked in the UI\n", "", StringComparison.Ordinal);
        var (sources, manifests, _) = await AnalyzerHarness.ApplyFixAsync(
            [AnalyzerHarness.Usings + ToolClassStart + """
                await Session.Model.Llm.InvokeAsync(parameters.Model, [new UserPromptMessage(new PromptMessageContent[] { new ImagePromptMessageContent { Format = "png", MimeType = "image/png" } })], cancellationToken: cancellationToken);
        """ + ToolClassEnd],
            [("tools/llm.yaml", manifest), PluginManifest()],
            new ScopeTokenCodeFixProvider(),
            "DIFY2006");

        Assert.Equal(manifest.Replace("    type: model-selector\n", "    type: model-selector\n    scope: llm&vision\n", StringComparison.Ordinal), manifests["tools/llm.yaml"]);
        await AssertFixedAsync(sources, manifests, "DIFY2006");
    }

    [Fact]
    public async Task A_flow_style_selector_gets_the_token_inside_its_braces()
    {
        var manifest = SeedManifest.Replace("    scope: llm   # picked in the UI\n", "", StringComparison.Ordinal)
            .Replace("  - name: model\n    type: model-selector\n", "  - {name: model, type: model-selector, scope: 'llm'}\n  - name: unused\n    type: string\n", StringComparison.Ordinal);
        var (_, manifests, _) = await AnalyzerHarness.ApplyFixAsync(
            [AnalyzerHarness.Usings + ToolClassStart + """
                await Session.Model.Llm.InvokeAsync(parameters.Model, [new UserPromptMessage("x")], [new PromptMessageTool("t", "d", new())], cancellationToken: cancellationToken);
        """ + ToolClassEnd],
            [("tools/llm.yaml", manifest), PluginManifest()],
            new ScopeTokenCodeFixProvider(),
            "DIFY2001");

        Assert.Contains("{name: model, type: model-selector, scope: 'llm&tool-call'}", manifests["tools/llm.yaml"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hand_built_config_becomes_a_model_selector_in_yaml_and_code()
    {
        var manifest = SeedManifest[..SeedManifest.IndexOf("  - name: model", StringComparison.Ordinal)] + "extra:\n  python:\n    source: tools/llm.py\n";
        var (sources, manifests, title) = await AnalyzerHarness.ApplyFixAsync(
            [AnalyzerHarness.Usings + ToolClassStart + """
                var result = await Session.Model.Llm.InvokeAsync(
                    new LLMModelConfig { Provider = "openai", Model = "gpt-4o-mini", Mode = "chat" },
                    [new UserPromptMessage(parameters.Prompt)],
                    cancellationToken: cancellationToken);
                yield return CreateTextMessage(result.Message.GetTextContent());
        """ + ToolClassEnd],
            [("tools/llm.yaml", manifest), PluginManifest()],
            new ModelSelectorCodeFixProvider(),
            "DIFY2002");

        Assert.Equal("Let the user pick the model: add a model-selector parameter to tools/llm.yaml", title);
        Assert.Equal(
            manifest.Replace("    form: llm\nextra:", """
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
                """.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal),
            manifests["tools/llm.yaml"]);
        Assert.Contains("await Session.Model.Llm.InvokeAsync(\n            parameters.Model,\n", sources[0].Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        await AssertFixedAsync(sources, manifests, "DIFY2002");
    }

    [Fact]
    public async Task A_manifest_that_already_has_the_selector_gets_a_fix_titled_to_use_it_and_no_new_parameter()
    {
        var (sources, manifests, title) = await AnalyzerHarness.ApplyFixAsync(
            [AnalyzerHarness.Usings + ToolClassStart + """
                var result = await Session.Model.Llm.InvokeAsync(
                    new LLMModelConfig { Provider = "openai", Model = "gpt-4o-mini", Mode = "chat" },
                    [new UserPromptMessage(parameters.Prompt)],
                    cancellationToken: cancellationToken);
                yield return CreateTextMessage(result.Message.GetTextContent());
        """ + ToolClassEnd],
            [Tool("llm"), PluginManifest()],
            new ModelSelectorCodeFixProvider(),
            "DIFY2002");

        Assert.Equal("Let the user pick the model: use the model-selector parameter 'model' of tools/llm.yaml", title);
        Assert.Equal(Tool("llm").Item2, manifests["tools/llm.yaml"]);
        Assert.Contains("parameters.Model,", sources[0], StringComparison.Ordinal);
        await AssertFixedAsync(sources, manifests, "DIFY2002");
    }

    [Fact]
    public async Task A_raw_tool_gets_the_raw_accessor_and_an_embedding_selector()
    {
        var (sources, manifests, _) = await AnalyzerHarness.ApplyFixAsync(
            [AnalyzerHarness.Usings + """
            namespace MyPlugin;

            public sealed class LlmTool : Tool
            {
                protected override async IAsyncEnumerable<ToolInvokeMessage> InvokeCoreAsync(ToolParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    var result = await Session.Model.TextEmbedding.InvokeAsync(new TextEmbeddingModelConfig { Provider = "openai", Model = "text-embedding-3-small" }, ["a"], cancellationToken: cancellationToken);
                    yield return CreateTextMessage(result.Model);
                }
            }
            """],
            [Tool("llm"), PluginManifest("      enabled: true\n      text_embedding: true")],
            new ModelSelectorCodeFixProvider(),
            "DIFY2002");

        Assert.Contains("InvokeAsync(parameters.GetModelConfig<TextEmbeddingModelConfig>(\"embedding_model\"), [\"a\"]", sources[0], StringComparison.Ordinal);
        Assert.Contains("  - name: embedding_model\n    type: model-selector\n    scope: text-embedding\n", manifests["tools/llm.yaml"], StringComparison.Ordinal);
        await AssertFixedAsync(sources, manifests, "DIFY2002");
    }

    [Fact]
    public async Task Undeclared_parameter_is_renamed_to_the_declared_one()
    {
        var (sources, manifests, title) = await AnalyzerHarness.ApplyFixAsync(
            [AnalyzerHarness.Usings + """
            namespace MyPlugin;

            public sealed class LlmTool : Tool
            {
                protected override async IAsyncEnumerable<ToolInvokeMessage> InvokeCoreAsync(ToolParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await Task.Yield();
                    yield return CreateTextMessage(parameters.GetString("query") ?? "");
                }
            }
            """],
            [("tools/llm.yaml", SeedManifest), PluginManifest()],
            new ParameterNameCodeFixProvider(),
            "DIFY2003");

        Assert.Equal("Use the declared parameter 'prompt'", title);
        Assert.Contains("parameters.GetString(\"prompt\")", sources[0], StringComparison.Ordinal);
        await AssertFixedAsync(sources, manifests, "DIFY2003");
    }

    [Theory]
    [InlineData("      enabled: false\n      llm: true", "      enabled: true\n      llm: true\n      moderation: true")]
    [InlineData("      llm: true", "      llm: true\n      enabled: true\n      moderation: true")]
    public async Task Model_permission_flags_are_set_in_the_manifest(string before, string after)
    {
        var (sources, manifests, title) = await AnalyzerHarness.ApplyFixAsync(
            [AnalyzerHarness.Usings + ToolClassStart + """
                await Session.Model.Moderation.InvokeAsync(new ModerationModelConfig { Provider = parameters.Prompt, Model = "m" }, "x", cancellationToken);
        """ + ToolClassEnd],
            [Tool("llm"), PluginManifest(before)],
            new PermissionCodeFixProvider(),
            "DIFY2004");

        Assert.Equal("Enable the 'moderation' model permission in manifest.yaml", title);
        Assert.Equal(PluginManifest(after).Item2, manifests["manifest.yaml"]);
        await AssertFixedAsync(sources, manifests, "DIFY2004");
    }

    [Fact]
    public async Task A_manifest_without_any_permission_gets_the_whole_block()
    {
        var manifest = PluginManifest("").Item2.Replace("  permission:\n    model:\n\n", "", StringComparison.Ordinal);
        Assert.DoesNotContain("permission", manifest, StringComparison.Ordinal);
        var (sources, manifests, _) = await AnalyzerHarness.ApplyFixAsync(
            [AnalyzerHarness.Usings + ToolClassStart + """
                await Session.Model.Llm.InvokeAsync(parameters.Model, [new UserPromptMessage("x")], cancellationToken: cancellationToken);
        """ + ToolClassEnd],
            [Tool("llm"), ("manifest.yaml", manifest)],
            new PermissionCodeFixProvider(),
            "DIFY2004");

        Assert.Contains("resource:\n  memory: 268435456\n  permission:\n    model:\n      enabled: true\n      llm: true\nplugins:", manifests["manifest.yaml"], StringComparison.Ordinal);
        await AssertFixedAsync(sources, manifests, "DIFY2004");
    }

    /// <summary>After the fix: the diagnostic is gone, the code compiles, and the generator reports nothing new about the YAML.</summary>
    private static async Task AssertFixedAsync(string[] sources, Dictionary<string, string> manifests, string id)
    {
        var files = manifests.Select(pair => (pair.Key, pair.Value)).ToArray();
        var (compilation, diagnostics, _, _) = await AnalyzerHarness.AnalyzeAsync(sources, files);
        Assert.DoesNotContain(diagnostics, d => d.Id == id);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
        var run = GeneratorHarness.Run(files, sources);
        // DIFY1041: some fixtures are raw Tool subclasses without [DifyTool], as in the seed; the fixes are about the YAML.
        Assert.Empty(run.GeneratorDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Id is not ("DIFY1052" or "DIFY1041")).Select(d => d.ToString()));
    }
}
