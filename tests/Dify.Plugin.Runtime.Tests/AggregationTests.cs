using System.Text.Json;
using Dify.Plugin.Invocation;
using Dify.Plugin.Testing;
using Xunit;

namespace Dify.Plugin.Tests;

/// <summary>The non-streaming call folds chunks correctly (better than the Python SDK).</summary>
public sealed class AggregationTests
{
    private readonly TestSession _test = new();

    [Fact]
    public async Task Text_of_many_chunks_is_concatenated_and_final_usage_kept()
    {
        var usage = new LLMUsage { PromptTokens = 3, CompletionTokens = 4, TotalTokens = 7, TotalPrice = 0.01m };
        _test.Llm.RespondWithText(["Hel", "lo, ", "world"], usage);

        var result = await _test.Session.Model.Llm.InvokeAsync(WireFormatTests.Config(), [new UserPromptMessage("hi")]);

        Assert.Equal("Hello, world", result.Message.Content.Text);
        Assert.Equal(usage, result.Usage);
        Assert.Equal("stop", result.FinishReason);
        Assert.Equal("test-model", result.Model);
    }

    [Fact]
    public async Task Tool_call_deltas_split_across_chunks_are_merged_by_id_and_position()
    {
        Enqueue(
            """{"model":"m","delta":{"index":0,"message":{"role":"assistant","content":"","tool_calls":[{"id":"a","type":"function","function":{"name":"search","arguments":"{\"q\":"}}]}}}""",
            """{"model":"m","delta":{"index":1,"message":{"role":"assistant","content":"","tool_calls":[{"id":"","type":"","function":{"name":"","arguments":"\"cats\"}"}}]}}}""",
            """{"model":"m","delta":{"index":2,"message":{"role":"assistant","content":"","tool_calls":[{"id":"b","type":"function","function":{"name":"weather","arguments":"{}"}}]}}}""",
            """{"model":"m","delta":{"index":3,"message":{"role":"assistant","content":"","tool_calls":[{"id":"a","type":"function","function":{"name":"","arguments":""}}]},"usage":null,"finish_reason":"tool_calls"}}""");

        var result = await _test.Session.Model.Llm.InvokeAsync(WireFormatTests.Config(), [new UserPromptMessage("hi")]);

        Assert.Collection(
            result.Message.ToolCalls,
            call => Assert.Equal(new AssistantPromptMessage.ToolCall("a", "function", new("search", """{"q":"cats"}""")), call),
            call => Assert.Equal(new AssistantPromptMessage.ToolCall("b", "function", new("weather", "{}")), call));
        Assert.Equal("tool_calls", result.FinishReason);
    }

    [Fact]
    public async Task Usage_with_string_decimals_survives_aggregation()
    {
        Enqueue(
            """{"model":"m","delta":{"index":0,"message":{"role":"assistant","content":"a"}}}""",
            """{"model":"m","delta":{"index":1,"message":{"role":"assistant","content":"b"},"usage":{"prompt_tokens":"1","prompt_unit_price":"0.001","prompt_price_unit":"0.001","prompt_price":"0.000001","completion_tokens":2,"completion_unit_price":"0.002","completion_price_unit":"0.001","completion_price":"0.000004","total_tokens":3,"total_price":"0.000005","currency":"RMB","latency":"0.5"}}}""");

        var result = await _test.Session.Model.Llm.InvokeAsync(WireFormatTests.Config(), [new UserPromptMessage("hi")]);

        Assert.Equal("ab", result.Message.Content.Text);
        Assert.Equal(0.000005m, result.Usage.TotalPrice);
        Assert.Equal("RMB", result.Usage.Currency);
        Assert.Equal(1, result.Usage.PromptTokens);
        Assert.Equal(0.5, result.Usage.Latency);
    }

    [Fact]
    public async Task Multi_part_content_is_kept_with_text_in_order()
    {
        Enqueue(
            """{"model":"m","delta":{"index":0,"message":{"role":"assistant","content":"Here: "}}}""",
            """{"model":"m","delta":{"index":1,"message":{"role":"assistant","content":[{"type":"image","format":"png","mime_type":"image/png","url":"https://x/y.png"},{"type":"text","data":"done"}]}}}""");

        var result = await _test.Session.Model.Llm.InvokeAsync(WireFormatTests.Config(), [new UserPromptMessage("draw")]);

        Assert.True(result.Message.Content.IsParts);
        Assert.Collection(
            result.Message.Content.Parts,
            part => Assert.Equal("Here: ", Assert.IsType<TextPromptMessageContent>(part).Data),
            part => Assert.Equal("https://x/y.png", Assert.IsType<ImagePromptMessageContent>(part).Url),
            part => Assert.Equal("done", Assert.IsType<TextPromptMessageContent>(part).Data));
        Assert.Equal("Here: done", result.Message.GetTextContent());
    }

    [Fact]
    public async Task Model_falls_back_to_the_config_when_chunks_name_none()
    {
        Enqueue("""{"delta":{"index":0,"message":{"role":"assistant","content":"x"}}}""");

        var result = await _test.Session.Model.Llm.InvokeAsync(WireFormatTests.Config(), [new UserPromptMessage("hi")]);

        Assert.Equal("gpt-4o-mini", result.Model);
    }

    [Fact]
    public async Task Structured_output_is_kept()
    {
        _test.LlmStructuredOutput.Endpoint.Enqueue(
            Frame("""{"model":"m","delta":{"index":0,"message":{"role":"assistant","content":"{\"colour\":"}}}"""),
            Frame("""{"model":"m","delta":{"index":1,"message":{"role":"assistant","content":"\"red\"}"}},"structured_output":{"colour":"red"}}"""));

        var result = await _test.Session.Model.LlmStructuredOutput.InvokeAsync(WireFormatTests.Config(), [new UserPromptMessage("c")], new() { ["type"] = "object" });

        Assert.Equal("red", (string?)result.StructuredOutput!["colour"]);
        Assert.Equal("""{"colour":"red"}""", result.Message.Content.Text);
    }

    [Fact]
    public async Task Stream_extensions_aggregate_and_yield_text()
    {
        _test.Llm.RespondWithText("a", "", "b");
        var texts = new List<string>();
        await foreach (var text in _test.Session.Model.Llm.InvokeStreamingAsync(WireFormatTests.Config(), [new UserPromptMessage("hi")]).AsTextAsync())
        {
            texts.Add(text);
        }

        Assert.Equal(["a", "b"], texts);

        _test.Llm.RespondWithText("x", "y");
        var result = await _test.Session.Model.Llm.InvokeStreamingAsync(WireFormatTests.Config(), [new UserPromptMessage("hi")]).ToLLMResultAsync();
        Assert.Equal("xy", result.Message.Content.Text);
    }

    private void Enqueue(params string[] chunks) => _test.Llm.Endpoint.Enqueue([.. chunks.Select(Frame)]);

    private static BackwardsResponseFrame Frame(string json) => BackwardsResponseFrame.Stream(JsonDocument.Parse(json).RootElement.Clone());
}
