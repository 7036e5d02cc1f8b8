using System.Text;
using System.Text.Json;
using Dify.Plugin.Hosting;
using Dify.Plugin.Invocation;
using Dify.Plugin.Serialization;
using Xunit;

namespace Dify.Plugin.Runtime.Tests;

/// <summary>
/// A chunk's payload is deserialized by the host's read loop, or, while the tool keeps up with the stream, by the tool's
/// side from a copy of its bytes: both must give the tool the same thing, and leave the same payloads to the general path.
/// </summary>
public sealed class PendingInvocationTests
{
    private const int Capacity = 128;

    // A quarter of the queue unread: the tool is behind, and the read loop deserializes.
    private const int Behind = Capacity / 4;

    private const string Chunk = """{"model":"gpt-4o-mini","system_fingerprint":null,"delta":{"index":3,"message":{"role":"assistant","content":"tok\u00e9n \"quoted\" ✓","name":null,"tool_calls":[]},"usage":null,"finish_reason":null}}""";

    [Theory]
    [InlineData(Chunk)]
    [InlineData("""{"model":"m","delta":{"index":0,"message":{"role":"assistant","content":[{"type":"text","data":"part"}]},"finish_reason":"stop"}}""")]
    [InlineData(""" { "model" : "m" , "delta" : { "index" : 0 , "message" : { "role" : "assistant" , "content" : "spaced" } } }""")]
    public async Task A_payload_reads_the_same_on_either_side(string payload)
    {
        var onTheToolsSide = await ReadOneAsync(payload, unreadBefore: 0);
        var onTheReadLoop = await ReadOneAsync(payload, unreadBefore: Behind);

        Assert.Null(onTheToolsSide.Frame);
        Assert.Null(onTheReadLoop.Frame);
        Assert.Equal(Serialized(onTheReadLoop.Value!), Serialized(onTheToolsSide.Value!));
        Assert.Equal(Serialized(JsonSerializer.Deserialize(payload, DifyJsonContext.Default.LLMResultChunk)!), Serialized(onTheToolsSide.Value!));
    }

    [Fact]
    public async Task A_payload_that_does_not_fit_its_type_reaches_the_tool_as_the_frame_the_general_path_makes()
    {
        const string unfit = """{"model":"m","delta":"not an object"}""";

        // Behind, the read loop finds out at once and leaves the line to the general path, which delivers this frame.
        Assert.ThrowsAny<JsonException>(() => Stage(Pending(unreadBefore: Behind), unfit));

        // Keeping up, the tool's side finds out and makes the same frame, which the invoker then reports as it always has.
        var decoded = await ReadOneAsync(unfit, unreadBefore: 0);
        var frame = Assert.IsType<BackwardsResponseFrame>(decoded.Frame);
        Assert.Equal(BackwardsResponseEvent.Response, frame.Event);
        Assert.Equal("stream", frame.Message);
        Assert.Equal(unfit, frame.Data?.GetRawText());
        Assert.Null(decoded.Value);
    }

    [Theory]
    [InlineData("null")]
    [InlineData(" null ")]
    [InlineData("""{"model":"m"} {}""")]
    [InlineData("""{"model":"m"}}""")]
    [InlineData("""{"model":"m",""")]
    [InlineData("")]
    public void A_payload_that_is_not_one_non_null_value_is_left_to_the_general_path_on_either_side(string payload)
    {
        Assert.False(TryStage(Pending(unreadBefore: 0), payload));
        Assert.False(TryStage(Pending(unreadBefore: Behind), payload));
    }

    [Fact]
    public void A_payload_nested_past_the_lines_limit_is_left_to_the_general_path_on_either_side()
    {
        // The line's reader allows 64 levels; the payload sits two deep in it.
        var atLimit = "{\"model\":\"m\",\"x\":" + new string('[', 61) + new string(']', 61) + "}";
        var pastLimit = "{\"model\":\"m\",\"x\":" + new string('[', 62) + new string(']', 62) + "}";

        Assert.True(TryStage(Pending(unreadBefore: 0), atLimit));
        Assert.False(TryStage(Pending(unreadBefore: 0), pastLimit));
        Assert.False(TryStage(Pending(unreadBefore: Behind), pastLimit));
    }

    [Fact]
    public async Task Frames_keep_their_order_whichever_side_deserializes_them()
    {
        var pending = new PendingInvocation<LLMResultChunk>(Capacity, DifyJsonContext.Default.LLMResultChunk);
        var texts = new List<string>();
        await using var reader = pending.ReadAllAsync(CancellationToken.None).GetAsyncEnumerator();

        // Forty chunks unread, then drained: the first ones are left to the tool, the later ones read on the loop.
        for (var index = 0; index < 40; index++)
        {
            Assert.True(Stage(pending, Payload($"t{index}")));
            Assert.True(pending.TryCommit());
        }

        Assert.True(pending.TryDeliver(BackwardsResponseFrame.End));
        pending.Publish();
        while (await reader.MoveNextAsync())
        {
            var decoded = pending.Decode(reader.Current);
            if (decoded.Frame?.Event == BackwardsResponseEvent.End)
            {
                break;
            }

            Assert.Equal(decoded.Value is null, decoded.Frame is not null);
            texts.Add(decoded.Value!.Delta.Message.Content.Text!);
        }

        Assert.Equal(Enumerable.Range(0, 40).Select(index => $"t{index}"), texts);
    }

    private static async Task<DecodedFrame<LLMResultChunk>> ReadOneAsync(string payload, int unreadBefore)
    {
        var pending = Pending(unreadBefore);
        Assert.True(Stage(pending, payload));
        Assert.True(pending.TryCommit());
        pending.Publish();
        var frames = new List<DecodedFrame<LLMResultChunk>>();
        await using var reader = pending.ReadAllAsync(CancellationToken.None).GetAsyncEnumerator();
        for (var index = 0; index <= unreadBefore; index++)
        {
            Assert.True(await reader.MoveNextAsync());
            frames.Add(pending.Decode(reader.Current));
        }

        return frames[^1];
    }

    /// <summary>An invocation of an LLM stream whose tool has left <paramref name="unreadBefore"/> frames unread.</summary>
    private static PendingInvocation<LLMResultChunk> Pending(int unreadBefore)
    {
        var pending = new PendingInvocation<LLMResultChunk>(Capacity, DifyJsonContext.Default.LLMResultChunk);
        for (var index = 0; index < unreadBefore; index++)
        {
            Assert.True(pending.TryDeliver(new BackwardsResponseFrame(BackwardsResponseEvent.Response, "stream", null)));
        }

        return pending;
    }

    private static bool Stage(PendingInvocation pending, string payload) => pending.StagePayload(Encoding.UTF8.GetBytes(payload), "stream");

    /// <summary>Staged, or not (false or refused as broken JSON, as the host's read loop takes either).</summary>
    private static bool TryStage(PendingInvocation pending, string payload)
    {
        try
        {
            return Stage(pending, payload);
        }
        catch (JsonException)
        {
            pending.Unstage();
            return false;
        }
    }

    private static string Payload(string text) => $$$$"""{"model":"m","delta":{"index":0,"message":{"role":"assistant","content":"{{{{text}}}}"}}}""";

    private static string Serialized(LLMResultChunk chunk) => JsonSerializer.Serialize(chunk, DifyJsonContext.Default.LLMResultChunk);
}
