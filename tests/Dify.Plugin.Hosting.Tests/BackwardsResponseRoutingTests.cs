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

    private static string Chunk(string text) => new JsonObject
    {
        ["model"] = "gpt-4o-mini",
        ["delta"] = new JsonObject { ["index"] = 0, ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text, ["tool_calls"] = new JsonArray() } },
    }.ToJsonString();

    /// <summary>Writes <paramref name="lines"/> as the answer to <paramref name="invoke"/>; the fixture then sends <c>end</c>.</summary>
    private static async IAsyncEnumerable<JsonObject> RawAnswer(HostRun run, JsonObject invoke, Func<string, string[]> lines, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var line in lines((string)invoke["backwards_request_id"]!))
        {
            await run.Connection.WriteRawAsync(Encoding.UTF8.GetBytes(line + "\n"));
        }

        yield break;
    }
}
