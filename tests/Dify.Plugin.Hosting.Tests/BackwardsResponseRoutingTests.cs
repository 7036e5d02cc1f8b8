using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Dify.Plugin.Hosting.Tests.Fixture;
using Xunit;

namespace Dify.Plugin.Hosting.Tests;

/// <summary>
/// The host reads the daemon's answers to backwards invocations from their bytes in one pass when they come as the
/// daemon writes them; every other shape of the same answer must read exactly as it did through a parsed document.
/// </summary>
public sealed class BackwardsResponseRoutingTests
{
    [Fact]
    public async Task Answers_whose_keys_come_in_another_order_than_the_daemons_are_read_whole()
    {
        await using var run = await HostRun.StartAsync();
        const string sessionId = "s-reordered";

        // The payload before the invocation's id and event, the session id last: the one-pass reading cannot vouch for it.
        var result = await run.Connection.RequestAsync(DaemonRequests.Ask("order"), invoke => RawAnswer(run, invoke, id =>
        [
            $$$"""{"event":"backwards_response","data":{"data":{{{Chunk("re")}}},"message":"stream","event":"response","backwards_request_id":"{{{id}}}"},"session_id":"{{{sessionId}}}"}""",
            $$$"""{"data":{"backwards_request_id":"{{{id}}}","data":{{{Chunk("or")}}},"event":"response","message":"stream"},"event":"backwards_response","session_id":"{{{sessionId}}}"}""",
            $$$"""{"session_id":"{{{sessionId}}}","event":"backwards_response","data":{"backwards_request_id":"{{{id}}}","event":"response","message":"stream","data":{{{Chunk("dered")}}}}}""",
        ]), sessionId: sessionId);

        Assert.Empty(result.Errors);
        Assert.Equal("reordered", result.Text);
    }

    [Fact]
    public async Task A_chunk_that_does_not_fit_its_type_fails_the_invocation_as_it_always_has()
    {
        await using var run = await HostRun.StartAsync();
        const string sessionId = "s-unfit";

        var result = await run.Connection.RequestAsync(DaemonRequests.Ask("unfit"), invoke => RawAnswer(run, invoke, id =>
        [
            $$$$"""{"session_id":"{{{{sessionId}}}}","event":"backwards_response","data":{"backwards_request_id":"{{{{id}}}}","event":"response","message":"stream","data":{"model":"m","delta":"not an object"}}}""",
        ]), sessionId: sessionId);

        var error = Assert.Single(result.Errors);
        Assert.Equal("DifyProtocolException", (string?)error["error_type"]);
        Assert.StartsWith("The 'llm' invocation returned data that is not a valid LLMResultChunk: ", (string?)error["message"]);
        Assert.Contains("Path: $.delta", (string?)error["message"]);
    }

    [Fact]
    public async Task A_null_chunk_and_a_response_without_data_fail_the_invocation_as_they_always_have()
    {
        await using var run = await HostRun.StartAsync();

        var nullChunk = await run.Connection.RequestAsync(DaemonRequests.Ask("null"), invoke => RawAnswer(run, invoke, id =>
        [
            $$$"""{"session_id":"s-null","event":"backwards_response","data":{"backwards_request_id":"{{{id}}}","event":"response","message":"stream","data":null}}""",
        ]), sessionId: "s-null");
        var noData = await run.Connection.RequestAsync(DaemonRequests.Ask("none"), invoke => RawAnswer(run, invoke, id =>
        [
            $$$"""{"session_id":"s-none","event":"backwards_response","data":{"backwards_request_id":"{{{id}}}","event":"response","message":"stream"}}""",
        ]), sessionId: "s-none");

        Assert.Equal("The 'llm' invocation returned null where LLMResultChunk was expected.", (string?)Assert.Single(nullChunk.Errors)["message"]);
        Assert.StartsWith("The 'llm' invocation ", (string?)Assert.Single(noData.Errors)["message"]);
        Assert.EndsWith(" got a response frame without data.", (string?)Assert.Single(noData.Errors)["message"]);
    }

    [Fact]
    public async Task A_repeated_key_and_trailing_bytes_read_as_through_a_parsed_document()
    {
        await using var run = await HostRun.StartAsync();
        const string sessionId = "s-odd";

        var result = await run.Connection.RequestAsync(DaemonRequests.Ask("odd"), invoke => RawAnswer(run, invoke, id =>
        [
            // A parsed document answers the last of a repeated key.
            $$$"""{"session_id":"{{{sessionId}}}","event":"backwards_response","data":{"backwards_request_id":"{{{id}}}","event":"response","message":"stream","data":{{{Chunk("first")}}},"data":{{{Chunk("last")}}}}}""",
            // Two values on one line are not one message: skipped with a warning.
            $$$"""{"session_id":"{{{sessionId}}}","event":"backwards_response","data":{"backwards_request_id":"{{{id}}}","event":"response","message":"stream","data":{{{Chunk("glued")}}}}} {}""",
        ]), sessionId: sessionId);

        Assert.Empty(result.Errors);
        Assert.Equal("last", result.Text);
        Assert.True(run.WaitForLog("Skipped a line from the daemon that is not JSON the plugin can read"), run.Log.Text);
    }

    [Fact]
    public async Task An_unknown_event_fails_the_invocation_with_its_name()
    {
        await using var run = await HostRun.StartAsync();

        var result = await run.Connection.RequestAsync(DaemonRequests.Ask("surprise"), invoke => RawAnswer(run, invoke, id =>
        [
            $$$"""{"session_id":"s-surprise","event":"backwards_response","data":{"backwards_request_id":"{{{id}}}","event":"surprise","message":"","data":null}}""",
        ]), sessionId: "s-surprise");

        var error = Assert.Single(result.Errors);
        Assert.Equal("Exception", (string?)error["error_type"]);
        Assert.Equal("unknown backwards response event 'surprise'", (string?)error["message"]);
    }

    /// <summary>
    /// A stream's chunks share every byte before their payloads, so the host reads a line that starts like the last chunk
    /// it read from the payload on. Each second line here starts like the chunk before it and then differs from what the
    /// daemon writes; it must read exactly as it does when the chunk before it was written with a space after one colon,
    /// so that the whole line is read token by token.
    /// </summary>
    [Theory]
    [InlineData("repeated data key", """{{payload}},"data":{{chunk:last}}}}""")]
    [InlineData("trailing bytes", """{{payload}}}} {}""")]
    [InlineData("a key after the payload", """{{payload}},"extra":1}}""")]
    [InlineData("a key after the data object", """{{payload}}},"extra":1}""")]
    [InlineData("whitespace before the closing braces", """{{payload}} }}""")]
    [InlineData("one closing brace", """{{payload}}}""")]
    [InlineData("three closing braces", """{{payload}}}}}""")]
    [InlineData("null payload", """null}}""")]
    [InlineData("payload of the wrong shape", """{"model":"m","delta":"not an object"}}}""")]
    [InlineData("broken payload", """{"model":"m","delta":{"index":0,"message":{"role":"assistant","content":"x"}}}""")]
    [InlineData("invalid UTF-8 in a skipped string", """{"model":"m","unknown":"\xFF","delta":{"index":0,"message":{"role":"assistant","content":"utf"}}}}}""")]
    [InlineData("nesting at the limit", """{"model":"m","unknown":{{nest:61}},"delta":{"index":0,"message":{"role":"assistant","content":"deep"}}}}}""")]
    [InlineData("nesting past the limit", """{"model":"m","unknown":{{nest:62}},"delta":{"index":0,"message":{"role":"assistant","content":"deeper"}}}}}""")]
    public async Task A_line_that_starts_like_the_last_chunk_reads_as_it_reads_alone(string shape, string tail)
    {
        _ = shape;
        await using var run = await HostRun.StartAsync();

        var whole = await run.Connection.RequestAsync(DaemonRequests.Ask("whole"), invoke => RawAnswerBytes(run, invoke, id =>
        [
            [.. Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Prefix("s-whole", id)).Replace("\"context\":{}", "\"context\": {}", StringComparison.Ordinal)), .. Encoding.UTF8.GetBytes(Chunk("first") + "}}")],
            [.. Prefix("s-whole", id), .. Tail(tail)],
        ]), sessionId: "s-whole");
        var fromPayload = await run.Connection.RequestAsync(DaemonRequests.Ask("payload"), invoke => RawAnswerBytes(run, invoke, id =>
        [
            [.. Prefix("s-payload", id), .. Encoding.UTF8.GetBytes(Chunk("first") + "}}")],
            [.. Prefix("s-payload", id), .. Tail(tail)],
        ]), sessionId: "s-payload");

        Assert.Equal(whole.Text, fromPayload.Text);
        Assert.Equal(whole.Errors.Select(error => error.ToJsonString()), fromPayload.Errors.Select(error => error.ToJsonString()));
        Assert.Equal(whole.Stream.Count, fromPayload.Stream.Count);
    }

    [Fact]
    public async Task Chunks_after_their_session_ended_are_not_delivered()
    {
        await using var run = await HostRun.StartAsync();
        string? requestId = null;
        var first = await run.Connection.RequestAsync(DaemonRequests.Ask("ended"), invoke => RawAnswerBytes(run, invoke, id =>
        {
            requestId = id;
            return [Prefix("s-ended", id).Concat(Encoding.UTF8.GetBytes(Chunk("only") + "}}")).ToArray()];
        }), sessionId: "s-ended");

        // The same bytes again once the session is over, then a session that must still work.
        await run.Connection.WriteRawAsync([.. Prefix("s-ended", requestId!), .. Encoding.UTF8.GetBytes(Chunk("late") + "}}\n")]);
        var next = await run.Connection.RequestAsync(DaemonRequests.Ask("next"), invoke => RawAnswer(run, invoke, id =>
        [
            $$$"""{"session_id":"s-next","event":"backwards_response","data":{"backwards_request_id":"{{{id}}}","event":"response","message":"stream","data":{{{Chunk("next")}}}}}""",
        ]), sessionId: "s-next");

        Assert.Equal("only", first.Text);
        Assert.True(run.WaitForLog("A backwards response arrived for session s-ended, which has ended."), run.Log.Text);
        Assert.Equal("next", next.Text);
        Assert.Empty(next.Errors);
    }

    /// <summary>The daemon's envelope of a chunk up to its payload, as its Go structs write it.</summary>
    private static byte[] Prefix(string sessionId, string requestId) => Encoding.UTF8.GetBytes(
        $$"""{"session_id":"{{sessionId}}","conversation_id":null,"message_id":null,"app_id":null,"endpoint_id":null,"context":{},"event":"backwards_response","data":{"backwards_request_id":"{{requestId}}","event":"response","message":"stream","data":""");

    /// <summary>A tail template's bytes: <c>{{payload}}</c> a chunk, <c>{{chunk:x}}</c> a chunk of text x, <c>{{nest:n}}</c> n nested arrays, <c>\xFF</c> that byte.</summary>
    private static byte[] Tail(string template)
    {
        var text = template.Replace("{{payload}}", Chunk("payload"), StringComparison.Ordinal)
            .Replace("{{chunk:last}}", Chunk("last"), StringComparison.Ordinal);
        foreach (var depth in new[] { 61, 62 })
        {
            text = text.Replace($"{{{{nest:{depth}}}}}", new string('[', depth) + new string(']', depth), StringComparison.Ordinal);
        }

        var parts = text.Split("\\xFF");
        return parts.SelectMany((part, index) => index == 0 ? Encoding.UTF8.GetBytes(part) : new byte[] { 0xFF }.Concat(Encoding.UTF8.GetBytes(part))).ToArray();
    }

    /// <summary>Writes <paramref name="lines"/>, each with its newline, as the answer to <paramref name="invoke"/>; the fixture then sends <c>end</c>.</summary>
    private static async IAsyncEnumerable<JsonObject> RawAnswerBytes(HostRun run, JsonObject invoke, Func<string, byte[][]> lines, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var line in lines((string)invoke["backwards_request_id"]!))
        {
            await run.Connection.WriteRawAsync([.. line, (byte)'\n']);
        }

        yield break;
    }

    private static string Chunk(string text) => new JsonObject
    {
        ["model"] = "gpt-4o-mini",
        ["delta"] = new JsonObject { ["index"] = 0, ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text, ["tool_calls"] = new JsonArray() } },
    }.ToJsonString();

    /// <summary><see cref="RawAnswerBytes"/> with the lines given as text.</summary>
    private static IAsyncEnumerable<JsonObject> RawAnswer(HostRun run, JsonObject invoke, Func<string, string[]> lines) =>
        RawAnswerBytes(run, invoke, id => Array.ConvertAll(lines(id), Encoding.UTF8.GetBytes));
}
