using System.Text.Json.Nodes;
using Dify.Plugin.Invocation;
using Dify.Plugin.Testing;
using Xunit;

namespace Dify.Plugin.Tests;

/// <summary>What the runtime sends, field by field against hand-written JSON (reference §3.1, §3.2, §4.7).</summary>
public sealed class WireFormatTests
{
    private readonly TestSession _test = new();

    private ModelInvocations Model => _test.Session.Model;

    [Fact]
    public async Task Llm_request_carries_config_messages_of_every_kind_tools_stop_and_stream()
    {
        _test.Llm.RespondWithText("ok");
        var config = new LLMModelConfig
        {
            Provider = "langgenius/openai/openai",
            Model = "gpt-4o-mini",
            Mode = "chat",
            CompletionParams = new JsonObject { ["temperature"] = 0.7, ["max_tokens"] = 512 },
        };
        PromptMessage[] messages =
        [
            new SystemPromptMessage("you are a helpful assistant"),
            new UserPromptMessage(new PromptMessageContent[]
            {
                new TextPromptMessageContent("What is in this picture?"),
                new ImagePromptMessageContent { Format = "png", MimeType = "image/png", Url = "https://example.com/cat.png", Detail = ImageDetail.High },
            }),
            new AssistantPromptMessage
            {
                ToolCalls = [new("call_1", "function", new("lookup", """{"q":"cat"}"""))],
            },
            new ToolPromptMessage("a cat", "call_1"),
        ];
        var tool = new PromptMessageTool("lookup", "Looks things up", new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { ["q"] = new JsonObject { ["type"] = "string" } },
            ["required"] = new JsonArray("q"),
        });

        await foreach (var _ in Model.Llm.InvokeStreamingAsync(config, messages, [tool], ["\n\n"]))
        {
        }

        var invocation = Assert.Single(_test.Invocations);
        Assert.Equal(InvokeType.Llm, invocation.Type);
        Assert.Matches("^[0-9a-f]{32}$", invocation.BackwardsRequestId);
        GoldenJson.AssertEqual(GoldenJson.Load("llm.request.json"), JsonNode.Parse(invocation.RequestJson.Span));
    }

    [Fact]
    public async Task Llm_without_tools_sends_null_tools_and_non_streaming_sends_stream_false()
    {
        _test.Llm.RespondWithText("ok");
        await Model.Llm.InvokeAsync(Config(), [new UserPromptMessage("hi")], tools: []);

        var json = _test.Llm.Requests.Single().Json;
        Assert.Null(json["tools"]);
        Assert.True(json.ContainsKey("tools"));
        Assert.Null(json["stop"]);
        Assert.False((bool)json["stream"]!);
    }

    [Fact]
    public async Task Structured_output_request_adds_the_schema()
    {
        _test.LlmStructuredOutput.RespondWithText("{}");
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { ["colour"] = new JsonObject { ["type"] = "string" } },
            ["required"] = new JsonArray("colour"),
        };

        await Model.LlmStructuredOutput.InvokeAsync(
            new LLMModelConfig { Provider = "openai", Model = "gpt-4o", Mode = "chat" },
            [new UserPromptMessage("Name a colour")],
            schema);

        var invocation = Assert.Single(_test.Invocations);
        Assert.Equal("llm_structured_output", invocation.Type.ToWireName());
        GoldenJson.AssertEqual(GoldenJson.Load("llm_structured_output.request.json"), JsonNode.Parse(invocation.RequestJson.Span));
    }

    [Fact]
    public async Task Summary_request_has_text_and_instruction()
    {
        var text = new string('x', 2000);
        _test.Summary.RespondWith("short");

        var summary = await Model.Summary.InvokeAsync(text, "one sentence");

        Assert.Equal("short", summary);
        var invocation = Assert.Single(_test.Invocations);
        Assert.Equal("system_summary", invocation.Type.ToWireName());
        var expected = GoldenJson.Load("system_summary.request.json");
        expected["text"] = text;
        GoldenJson.AssertEqual(expected, JsonNode.Parse(invocation.RequestJson.Span));
    }

    [Fact]
    public async Task Summary_of_short_text_returns_it_without_calling_Dify_unless_disabled()
    {
        Assert.Equal("brief", await Model.Summary.InvokeAsync("brief", "x"));
        Assert.Empty(_test.Invocations);

        _test.Summary.RespondWith("called");
        Assert.Equal("called", await Model.Summary.InvokeAsync("brief", "x", minSummarizeLength: 0));
        Assert.Single(_test.Invocations);
    }

    [Fact]
    public async Task Text_embedding_request_always_sends_input_type()
    {
        _test.TextEmbedding.RespondWith(new TextEmbeddingResult());
        await Model.TextEmbedding.InvokeAsync(
            new TextEmbeddingModelConfig { Provider = "langgenius/openai/openai", Model = "text-embedding-3-small" },
            ["alpha", "beta"]);

        var invocation = Assert.Single(_test.Invocations);
        Assert.Equal("text_embedding", invocation.Type.ToWireName());
        GoldenJson.AssertEqual(GoldenJson.Load("text_embedding.request.json"), JsonNode.Parse(invocation.RequestJson.Span));
    }

    [Fact]
    public async Task Rerank_request_sends_threshold_and_top_n()
    {
        _test.Rerank.RespondWith(new RerankResult());
        await Model.Rerank.InvokeAsync(new RerankModelConfig { Provider = "cohere", Model = "rerank-v3", ScoreThreshold = 0.5, TopN = 2 }, ["a", "b", "c"], "q");

        GoldenJson.AssertEqual(GoldenJson.Load("rerank.request.json"), JsonNode.Parse(_test.Invocations.Single().RequestJson.Span));
    }

    [Fact]
    public async Task Rerank_without_threshold_or_top_n_filters_nothing()
    {
        _test.Rerank.RespondWith(new RerankResult());
        await Model.Rerank.InvokeAsync(new RerankModelConfig { Provider = "cohere", Model = "rerank-v3" }, ["a", "b", "c"], "q");

        var json = _test.Rerank.Requests.Single();
        Assert.Equal(0d, (double)json["score_threshold"]!);
        Assert.Equal(3, (int)json["top_n"]!);
    }

    [Fact]
    public async Task Tts_request_sends_voice_and_decodes_hex_audio()
    {
        _test.Tts.RespondWithAudio([0x49, 0x44], [0x33, 0xFF]);
        var audio = new List<byte>();
        await foreach (var segment in Model.Tts.InvokeStreamingAsync(new TTSModelConfig { Provider = "openai", Model = "tts-1", Voice = "alloy" }, "hello"))
        {
            audio.AddRange(segment);
        }

        Assert.Equal(new byte[] { 0x49, 0x44, 0x33, 0xFF }, audio);
        GoldenJson.AssertEqual(GoldenJson.Load("tts.request.json"), JsonNode.Parse(_test.Invocations.Single().RequestJson.Span));
    }

    [Fact]
    public async Task Speech2text_request_sends_the_file_as_hex()
    {
        _test.Speech2Text.RespondWith("transcript");
        using var audio = new MemoryStream([0x49, 0x44, 0x33, 0xFF]);

        var text = await Model.Speech2Text.InvokeAsync(new Speech2TextModelConfig { Provider = "openai", Model = "whisper-1" }, audio);

        Assert.Equal("transcript", text);
        GoldenJson.AssertEqual(GoldenJson.Load("speech2text.request.json"), JsonNode.Parse(_test.Invocations.Single().RequestJson.Span));
    }

    [Fact]
    public async Task Moderation_request_sends_text_and_returns_the_flag()
    {
        _test.Moderation.RespondWith(true);

        var flagged = await Model.Moderation.InvokeAsync(new ModerationModelConfig { Provider = "openai", Model = "omni-moderation-latest" }, "some text");

        Assert.True(flagged);
        GoldenJson.AssertEqual(GoldenJson.Load("moderation.request.json"), JsonNode.Parse(_test.Invocations.Single().RequestJson.Span));
    }

    [Fact]
    public async Task Empty_assistant_content_is_sent_as_empty_string_because_the_daemon_rejects_null()
    {
        _test.Llm.RespondWithText("ok");
        await Model.Llm.InvokeAsync(Config(), [new AssistantPromptMessage()]);

        var message = _test.Llm.Requests.Single().Json["prompt_messages"]![0]!;
        Assert.Equal("", (string?)message["content"]);
    }

    internal static LLMModelConfig Config() => new() { Provider = "openai", Model = "gpt-4o-mini", Mode = "chat" };
}
