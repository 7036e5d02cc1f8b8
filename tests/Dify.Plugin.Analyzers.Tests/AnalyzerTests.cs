using Dify.Plugin.Analyzers.Tests.Infrastructure;
using Xunit;
using static Dify.Plugin.Analyzers.Tests.Manifests;

namespace Dify.Plugin.Analyzers.Tests;

public sealed class ToolsWithoutToolCallScopeTests
{
    [Fact]
    public Task Tools_with_a_selector_lacking_tool_call_are_reported_on_the_tools_argument() => AnalyzerHarness.VerifyAsync(
        AnalyzerHarness.Usings + ToolClassStart + $$"""
                await Session.Model.Llm.InvokeAsync(parameters.Model, [new UserPromptMessage(parameters.Prompt)], {|DIFY2001:[{{Tools}}]|}, cancellationToken: cancellationToken);
        """ + ToolClassEnd,
        Tool("llm"), PluginManifest());

    [Theory]
    [InlineData("llm&tool-call")]
    [InlineData("multi-tool-call&llm")]
    [InlineData("llm&stream-tool-call&vision")]
    public Task Any_tool_call_feature_satisfies_the_rule(string scope) => AnalyzerHarness.VerifyAsync(
        AnalyzerHarness.Usings + ToolClassStart + $$"""
                await Session.Model.Llm.InvokeAsync(parameters.Model, [new UserPromptMessage(parameters.Prompt)], [{{Tools}}], cancellationToken: cancellationToken);
        """ + ToolClassEnd,
        Tool("llm", scope), PluginManifest());

    [Fact]
    public Task No_tools_null_tools_and_empty_tools_are_fine() => AnalyzerHarness.VerifyAsync(
        AnalyzerHarness.Usings + ToolClassStart + """
                await Session.Model.Llm.InvokeAsync(parameters.Model, [new UserPromptMessage(parameters.Prompt)], cancellationToken: cancellationToken);
                await Session.Model.Llm.InvokeAsync(parameters.Model, [new UserPromptMessage(parameters.Prompt)], null, cancellationToken: cancellationToken);
                await Session.Model.Llm.InvokeAsync(parameters.Model, [new UserPromptMessage(parameters.Prompt)], [], cancellationToken: cancellationToken);
                await Session.Model.Llm.InvokeAsync(parameters.Model, [new UserPromptMessage(parameters.Prompt)], Array.Empty<PromptMessageTool>(), cancellationToken: cancellationToken);
        """ + ToolClassEnd,
        Tool("llm"), PluginManifest());

    [Fact]
    public Task Streaming_and_structured_output_calls_are_checked_and_configs_flow_through_locals_and_with() => AnalyzerHarness.VerifyAsync(
        AnalyzerHarness.Usings + ToolClassStart + $$"""
                var config = parameters.Model;
                var warmer = config with { CompletionParams = new() { ["temperature"] = 0.9 } };
                var tools = new List<PromptMessageTool> { {{Tools}} };
                await foreach (var chunk in Session.Model.Llm.InvokeStreamingAsync(warmer, [new UserPromptMessage("x")], {|DIFY2001:tools|}, cancellationToken: cancellationToken))
                {
                    yield return ToolInvokeMessage.CreateText(chunk.Delta.Message.GetTextContent());
                }

                await Session.Model.LlmStructuredOutput.InvokeAsync(config, [new UserPromptMessage("x")], new System.Text.Json.Nodes.JsonObject(), {|DIFY2001:tools|}, cancellationToken: cancellationToken);
        """ + ToolClassEnd,
        Tool("llm"), PluginManifest());

    [Fact]
    public Task Configs_passed_through_a_helper_method_are_followed() => AnalyzerHarness.VerifyAsync(
        AnalyzerHarness.Usings + """
        namespace MyPlugin;

        [DifyTool("llm")]
        public sealed partial class LlmTool
        {
            public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(LlmParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var result = await AskAsync(parameters.Model, cancellationToken);
                yield return ToolInvokeMessage.CreateText(result.Message.GetTextContent());
            }

            private Task<LLMResult> AskAsync(LLMModelConfig model, CancellationToken cancellationToken) =>
                Session.Model.Llm.InvokeAsync(model, [new UserPromptMessage("x")], {|DIFY2001:[new PromptMessageTool("t", "d", new())]|}, cancellationToken: cancellationToken);
        }
        """,
        Tool("llm"), PluginManifest());

    [Fact]
    public Task Aliases_and_using_static_do_not_hide_the_call() => AnalyzerHarness.VerifyAsync(
        AnalyzerHarness.Usings + """
        using Config = Dify.Plugin.LLMModelConfig;
        using static Dify.Plugin.ToolInvokeMessage;
        using Llm = Dify.Plugin.LlmInvocation;

        namespace MyPlugin;

        [DifyTool("llm")]
        public sealed partial class LlmTool
        {
            public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(LlmParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                Config config = parameters.Model;
                Llm llm = Session.Model.Llm;
                var result = await llm.InvokeAsync(config, [new UserPromptMessage("x")], {|DIFY2001:[new PromptMessageTool("t", "d", new())]|}, cancellationToken: cancellationToken);
                yield return CreateText(result.Message.GetTextContent());
            }
        }
        """,
        Tool("llm"), PluginManifest());

    [Fact]
    public Task Partial_classes_and_properties_of_several_tools_are_told_apart() => AnalyzerHarness.VerifyAsync(
        [
            AnalyzerHarness.Usings + """
            namespace MyPlugin;

            [DifyTool("llm")]
            public sealed partial class LlmTool
            {
                public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(LlmParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    var result = await Session.Model.Llm.InvokeAsync(parameters.Model, [new UserPromptMessage("x")], Tools(), cancellationToken: cancellationToken);
                    yield return CreateTextMessage(result.Message.GetTextContent());
                }
            }
            """,
            AnalyzerHarness.Usings + """
            namespace MyPlugin;

            public sealed partial class LlmTool
            {
                private static List<PromptMessageTool> Tools() => [new PromptMessageTool("t", "d", new())];

                public Task<LLMResult> AgentAsync(AgentParameters agent, CancellationToken cancellationToken) =>
                    Session.Model.Llm.InvokeAsync(agent.Model, [new UserPromptMessage("x")], {|DIFY2001:Tools()|}, cancellationToken: cancellationToken);
            }
            """,
        ],
        Tool("llm", "llm&tool-call"), Tool("agent", "llm"), PluginManifest());

    [Fact]
    public Task Hand_written_configs_are_not_traced() => AnalyzerHarness.VerifyAsync(
        AnalyzerHarness.Usings + ToolClassStart + """
                var config = new LLMModelConfig { Provider = parameters.Prompt, Model = "m", Mode = "chat" };
                await Session.Model.Llm.InvokeAsync(config, [new UserPromptMessage("x")], [new PromptMessageTool("t", "d", new())], cancellationToken: cancellationToken);
        """ + ToolClassEnd,
        Tool("llm"), PluginManifest());
}

public sealed class HandBuiltModelConfigTests
{
    [Fact]
    public Task The_seed_documents_hand_built_config_is_reported() => AnalyzerHarness.VerifyAsync(
        AnalyzerHarness.Usings + ToolClassStart + """
                var response = Session.Model.Llm.InvokeStreamingAsync(
                    {|DIFY2002:new LLMModelConfig { Provider = "openai", Model = "gpt-4o-mini", Mode = "chat" }|},
                    [new SystemPromptMessage("you are a helpful assistant"), new UserPromptMessage(parameters.Prompt)],
                    cancellationToken: cancellationToken);
                await foreach (var chunk in response)
                {
                    yield return CreateTextMessage(chunk.Delta.Message.GetTextContent());
                }
        """ + ToolClassEnd,
        Tool("llm"), PluginManifest());

    [Fact]
    public Task Any_model_config_type_counts_but_not_outside_a_tool_or_without_a_literal_provider() => AnalyzerHarness.VerifyAsync(
        AnalyzerHarness.Usings + """
        namespace MyPlugin;

        public sealed class RawTool : Tool
        {
            protected override async IAsyncEnumerable<ToolInvokeMessage> InvokeCoreAsync(ToolParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var embedding = {|DIFY2002:new TextEmbeddingModelConfig { Provider = "openai", Model = "text-embedding-3-small" }|};
                var fromUser = new TextEmbeddingModelConfig { Provider = parameters.GetString("provider")!, Model = "m" };
                await Session.Model.TextEmbedding.InvokeAsync(embedding, ["a"], cancellationToken: cancellationToken);
                yield break;
            }
        }

        public static class NotATool
        {
            public static LLMModelConfig Default => new() { Provider = "openai", Model = "gpt-4o", Mode = "chat" };
        }
        """);
}

public sealed class UndeclaredParameterTests
{
    [Fact]
    public Task The_seed_documents_query_is_reported_with_the_declared_name_suggested() => AnalyzerHarness.VerifyAsync(
        AnalyzerHarness.Usings + """
        namespace MyPlugin;

        public sealed class LlmTool : Tool
        {
            protected override async IAsyncEnumerable<ToolInvokeMessage> InvokeCoreAsync(ToolParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var prompt = parameters.GetString({|DIFY2003:"query"|});
                var same = parameters.GetString("prompt");
                var model = parameters.GetModelConfig<LLMModelConfig>("model");
                var present = parameters.Contains({|DIFY2003:"modle"|});
                var raw = parameters.Raw.TryGetProperty({|DIFY2003:"promt"|}, out _);
                await Task.Yield();
                yield return CreateTextMessage(prompt ?? "");
            }
        }
        """,
        Tool("llm"), PluginManifest());

    [Fact]
    public Task Descriptor_lookups_use_the_descriptors_tool() => AnalyzerHarness.VerifyAsync(
        AnalyzerHarness.Usings + """
        namespace MyPlugin;

        public static class Lookups
        {
            public static object?[] All() =>
            [
                LlmParameters.Descriptor.FindParameter("prompt"),
                LlmParameters.Descriptor.FindParameter({|DIFY2003:"api-key"|}),
                AgentParameters.Descriptor.FindParameter("model"),
            ];
        }
        """,
        Tool("llm"), Tool("agent"), PluginManifest());
}

public sealed class MissingPermissionTests
{
    [Fact]
    public Task Each_endpoint_needs_its_flag() => AnalyzerHarness.VerifyAsync(
        AnalyzerHarness.Usings + """
        namespace MyPlugin;

        public sealed class Calls : Tool
        {
            protected override async IAsyncEnumerable<ToolInvokeMessage> InvokeCoreAsync(ToolParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var llm = parameters.GetModelConfig<LLMModelConfig>("model");
                await Session.Model.Llm.InvokeAsync(llm, [new UserPromptMessage("x")], cancellationToken: cancellationToken);
                await Session.Model.Summary.InvokeAsync("text", "short", cancellationToken: cancellationToken);
                await Session.Model.TextEmbedding.{|DIFY2004:InvokeAsync|}(parameters.GetModelConfig<TextEmbeddingModelConfig>("embedding"), ["a"], cancellationToken: cancellationToken);
                await Session.Model.Rerank.{|DIFY2004:InvokeAsync|}(parameters.GetModelConfig<RerankModelConfig>("rerank"), ["a"], "q", cancellationToken);
                await foreach (var audio in Session.Model.Tts.{|DIFY2004:InvokeStreamingAsync|}(parameters.GetModelConfig<TTSModelConfig>("tts"), "hi", cancellationToken))
                {
                }

                await Session.Model.Speech2Text.{|DIFY2004:InvokeAsync|}(parameters.GetModelConfig<Speech2TextModelConfig>("stt"), System.IO.Stream.Null, cancellationToken);
                await Session.Model.Moderation.{|DIFY2004:InvokeAsync|}(parameters.GetModelConfig<ModerationModelConfig>("moderation"), "x", cancellationToken);
                yield break;
            }
        }
        """,
        PluginManifest("      enabled: true\n      llm: true\n      moderation: false"));

    [Fact]
    public Task Enabled_false_denies_even_the_llm() => AnalyzerHarness.VerifyAsync(
        AnalyzerHarness.Usings + ToolClassStart + """
                await Session.Model.Llm.{|DIFY2004:InvokeAsync|}(parameters.Model, [new UserPromptMessage("x")], cancellationToken: cancellationToken);
        """ + ToolClassEnd,
        Tool("llm"), PluginManifest("      enabled: false\n      llm: true"));

    [Fact]
    public Task Without_a_manifest_nothing_is_assumed() => AnalyzerHarness.VerifyAsync(
        AnalyzerHarness.Usings + ToolClassStart + """
                await Session.Model.Llm.InvokeAsync(parameters.Model, [new UserPromptMessage("x")], cancellationToken: cancellationToken);
        """ + ToolClassEnd,
        Tool("llm"));
}

public sealed class UnconsumedInvocationTests
{
    [Fact]
    public Task Discarded_streams_and_unawaited_tasks_are_reported() => AnalyzerHarness.VerifyAsync(
        AnalyzerHarness.Usings + ToolClassStart + """
                Session.Model.Llm.{|DIFY2005:InvokeStreamingAsync|}(parameters.Model, [new UserPromptMessage("x")], cancellationToken: cancellationToken);
                _ = Session.Model.Llm.{|DIFY2005:InvokeStreamingAsync|}(parameters.Model, [new UserPromptMessage("x")], cancellationToken: cancellationToken);
                var unused = Session.Model.Llm.{|DIFY2005:InvokeStreamingAsync|}(parameters.Model, [new UserPromptMessage("x")], cancellationToken: cancellationToken);
                var used = Session.Model.Llm.InvokeStreamingAsync(parameters.Model, [new UserPromptMessage("x")], cancellationToken: cancellationToken);
                await foreach (var chunk in used)
                {
                }

                _ = Session.Model.Summary.{|DIFY2005:InvokeAsync|}("t", "i", cancellationToken: cancellationToken);
                var task = Session.Model.Summary.InvokeAsync("t", "i", cancellationToken: cancellationToken);
                await task;
        """ + ToolClassEnd,
        Tool("llm"), PluginManifest());
}

public sealed class ContentWithoutFeatureScopeTests
{
    [Fact]
    public Task Image_parts_need_vision_in_the_scope() => AnalyzerHarness.VerifyAsync(
        AnalyzerHarness.Usings + ToolClassStart + """
                PromptMessageContent[] parts =
                [
                    new TextPromptMessageContent("what is this?"),
                    {|DIFY2006:new ImagePromptMessageContent { Format = "png", MimeType = "image/png", Url = "https://x/a.png" }|},
                ];
                await Session.Model.Llm.InvokeAsync(parameters.Model, [new UserPromptMessage(parts)], cancellationToken: cancellationToken);
                await Session.Model.Llm.InvokeAsync(parameters.Model, [new UserPromptMessage(new PromptMessageContent[] { {|DIFY2006:new AudioPromptMessageContent { Format = "mp3", MimeType = "audio/mpeg" }|} })], cancellationToken: cancellationToken);
        """ + ToolClassEnd,
        Tool("llm"), PluginManifest());

    [Fact]
    public Task A_scope_with_the_feature_is_fine() => AnalyzerHarness.VerifyAsync(
        AnalyzerHarness.Usings + ToolClassStart + """
                await Session.Model.Llm.InvokeAsync(parameters.Model, [new UserPromptMessage(new PromptMessageContent[] { new ImagePromptMessageContent { Format = "png", MimeType = "image/png" }, new DocumentPromptMessageContent { Format = "pdf", MimeType = "application/pdf" } })], cancellationToken: cancellationToken);
        """ + ToolClassEnd,
        Tool("llm", "llm&vision&document"), PluginManifest());
}

public sealed class SecretWrittenTests
{
    [Fact]
    public Task Secrets_in_messages_exceptions_and_console_are_reported() => AnalyzerHarness.VerifyAsync(
        AnalyzerHarness.Usings + ToolClassStart + """
                yield return CreateTextMessage($"key: {{|DIFY2007:parameters.ApiKey|}}");
                var token = Runtime.Credentials.GetRequired("token");
                yield return ToolInvokeMessage.CreateText("token " + {|DIFY2007:token|});
                Console.WriteLine({|DIFY2007:Runtime.Credentials["api_key"]|});
                if (parameters.ApiKey is null)
                {
                    throw new InvalidOperationException("bad key " + {|DIFY2007:parameters.ApiKey|});
                }

                yield return CreateTextMessage(parameters.Prompt);
                yield return CreateTextMessage(parameters.ApiKey is null ? "no key" : "key set");
        """ + ToolClassEnd,
        Tool("llm"), PluginManifest());
}
