using System.Text.Json;
using Dify.Plugin.Invocation;
using Dify.Plugin.Testing;
using Xunit;

namespace Dify.Plugin.Tests;

/// <summary>What the runtime reads back: the daemon's response shapes (reference §3.3, §4.7).</summary>
public sealed class ResponseReadingTests
{
    private readonly TestSession _test = new();

    [Fact]
    public async Task Llm_chunk_is_read_with_string_decimals_and_every_field()
    {
        _test.Llm.Endpoint.Enqueue(BackwardsResponseFrame.Stream(Load("llm.chunk.json")));

        var chunks = new List<LLMResultChunk>();
        await foreach (var chunk in _test.Session.Model.Llm.InvokeStreamingAsync(WireFormatTests.Config(), [new UserPromptMessage("hi")]))
        {
            chunks.Add(chunk);
        }

        var read = Assert.Single(chunks);
        Assert.Equal("gpt-4o-mini", read.Model);
        Assert.Equal("fp_1", read.SystemFingerprint);
        Assert.Equal(3, read.Delta.Index);
        Assert.Equal("Hello", read.Delta.Message.Content.Text);
        Assert.Equal("stop", read.Delta.FinishReason);
        var usage = read.Delta.Usage!;
        Assert.Equal(10, usage.PromptTokens);
        Assert.Equal(0.15m, usage.PromptUnitPrice);
        Assert.Equal(0.000001m, usage.PromptPriceUnit);
        Assert.Equal(0.0000015m, usage.PromptPrice);
        Assert.Equal(5, usage.CompletionTokens);
        Assert.Equal(0.6m, usage.CompletionUnitPrice);
        Assert.Equal(0.000003m, usage.CompletionPrice);
        Assert.Equal(15, usage.TotalTokens);
        Assert.Equal(0.0000045m, usage.TotalPrice);
        Assert.Equal("USD", usage.Currency);
        Assert.Equal(0.42, usage.Latency);
    }

    [Fact]
    public async Task Llm_chunk_from_a_sloppy_provider_is_read_leniently()
    {
        _test.Llm.Endpoint.Enqueue(BackwardsResponseFrame.Stream(Load("llm.chunk.lenient.json")));

        var chunks = new List<LLMResultChunk>();
        await foreach (var chunk in _test.Session.Model.Llm.InvokeStreamingAsync(WireFormatTests.Config(), [new UserPromptMessage("hi")]))
        {
            chunks.Add(chunk);
        }

        var read = Assert.Single(chunks);
        Assert.Equal("", read.Model);
        Assert.Null(read.Delta.Usage);
        Assert.True(read.Delta.Message.Content.IsEmpty);
        var call = Assert.Single(read.Delta.Message.ToolCalls);
        Assert.Equal("7", call.Id);
        Assert.Equal("", call.Type);
        Assert.Equal("f", call.Function.Name);
        Assert.Equal("", call.Function.Arguments);
    }

    [Fact]
    public async Task Numeric_decimals_are_read_too()
    {
        var chunk = JsonDocument.Parse("""
            {"model":"m","delta":{"index":0,"message":{"role":"assistant","content":"x"},
             "usage":{"prompt_tokens":1,"prompt_unit_price":0.5,"prompt_price_unit":0.001,"prompt_price":0.0005,
                      "completion_tokens":2,"completion_unit_price":1,"completion_price_unit":0.001,"completion_price":0.002,
                      "total_tokens":3,"total_price":0.0025,"currency":"USD","latency":1.5},"finish_reason":"stop"}}
            """).RootElement.Clone();
        _test.Llm.Endpoint.Enqueue(BackwardsResponseFrame.Stream(chunk));

        var result = await _test.Session.Model.Llm.InvokeAsync(WireFormatTests.Config(), [new UserPromptMessage("hi")]);

        Assert.Equal(0.0025m, result.Usage.TotalPrice);
        Assert.Equal(3, result.Usage.TotalTokens);
    }

    [Fact]
    public async Task Text_embedding_result_is_read()
    {
        _test.TextEmbedding.Endpoint.Enqueue(BackwardsResponseFrame.Struct(Load("text_embedding.response.json")));

        var result = await _test.Session.Model.TextEmbedding.InvokeAsync(new TextEmbeddingModelConfig { Provider = "p", Model = "m" }, ["a", "b"]);

        Assert.Equal("text-embedding-3-small", result.Model);
        Assert.Equal(2, result.Embeddings.Count);
        Assert.Equal(0.3f, result.Embeddings[1][0]);
        Assert.Equal(4, result.Usage.Tokens);
        Assert.Equal(0.00000008m, result.Usage.TotalPrice);
    }

    [Fact]
    public async Task Rerank_result_is_read()
    {
        _test.Rerank.Endpoint.Enqueue(BackwardsResponseFrame.Struct(Load("rerank.response.json")));

        var result = await _test.Session.Model.Rerank.InvokeAsync(new RerankModelConfig { Provider = "p", Model = "m" }, ["a", "b", "c"], "q");

        Assert.Equal([new RerankDocument(2, "c", 0.9), new RerankDocument(0, "a", 0.6)], result.Docs);
    }

    [Fact]
    public async Task Tts_stream_frames_are_read_as_hex_audio()
    {
        _test.Tts.Endpoint.Enqueue(BackwardsResponseFrame.Stream(Load("tts.response.json")), BackwardsResponseFrame.Stream(Load("tts.response.json")));

        using var audio = new MemoryStream();
        var written = await _test.Session.Model.Tts.InvokeAsync(new TTSModelConfig { Provider = "p", Model = "m", Voice = "v" }, "hi", audio);

        Assert.Equal(10, written);
        Assert.Equal(new byte[] { 0x49, 0x44, 0x33, 0x04, 0x00, 0x49, 0x44, 0x33, 0x04, 0x00 }, audio.ToArray());
    }

    [Fact]
    public async Task Struct_results_of_speech2text_moderation_and_summary_are_read()
    {
        _test.Speech2Text.Endpoint.Enqueue(BackwardsResponseFrame.Struct(Load("speech2text.response.json")));
        _test.Moderation.Endpoint.Enqueue(BackwardsResponseFrame.Struct(Load("moderation.response.json")));
        _test.Summary.Endpoint.Enqueue(BackwardsResponseFrame.Struct(Load("system_summary.response.json")));
        using var file = new MemoryStream([1]);

        Assert.Equal("hello from the audio", await _test.Session.Model.Speech2Text.InvokeAsync(new Speech2TextModelConfig { Provider = "p", Model = "m" }, file));
        Assert.False(await _test.Session.Model.Moderation.InvokeAsync(new ModerationModelConfig { Provider = "p", Model = "m" }, "x"));
        Assert.Equal("A short summary.", await _test.Session.Model.Summary.InvokeAsync("text", "", minSummarizeLength: 0));
    }

    [Fact]
    public async Task Tts_audio_that_is_not_hex_is_a_protocol_error()
    {
        _test.Tts.Endpoint.Enqueue(BackwardsResponseFrame.Stream(JsonDocument.Parse("""{"result": "not hex"}""").RootElement.Clone()));

        await Assert.ThrowsAsync<DifyProtocolException>(async () =>
        {
            await foreach (var _ in _test.Session.Model.Tts.InvokeStreamingAsync(new TTSModelConfig { Provider = "p", Model = "m", Voice = "v" }, "hi"))
            {
            }
        });
    }

    [Fact]
    public async Task Malformed_data_becomes_a_protocol_exception_naming_the_invocation()
    {
        _test.Rerank.Endpoint.Enqueue(BackwardsResponseFrame.Struct(JsonDocument.Parse("""{"docs": "nope"}""").RootElement.Clone()));

        var exception = await Assert.ThrowsAsync<DifyProtocolException>(() =>
            _test.Session.Model.Rerank.InvokeAsync(new RerankModelConfig { Provider = "p", Model = "m" }, ["a"], "q"));
        Assert.Contains("'rerank'", exception.Message);
    }

    private static JsonElement Load(string name) => JsonSerializer.SerializeToElement(GoldenJson.Load(name));
}
