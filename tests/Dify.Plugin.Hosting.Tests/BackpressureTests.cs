using System.Text.Json.Nodes;
using Dify.Plugin.Hosting.Tests.Fixture;
using Xunit;

namespace Dify.Plugin.Hosting.Tests;

/// <summary>Each invocation queues a bounded number of unread frames; the read loop waits for room, never for ever.</summary>
public sealed class BackpressureTests
{
    private static readonly JsonObject Model = new() { ["provider"] = "openai", ["model"] = "gpt-4o-mini", ["model_type"] = "llm", ["mode"] = "chat" };

    [Fact]
    public async Task A_burst_larger_than_the_queue_arrives_whole_and_in_order()
    {
        await using var run = await HostRun.StartAsync(options => options.MaxQueuedFramesPerInvocation = 2);
        var pieces = Enumerable.Range(0, 500).Select(index => $"{index},").ToArray();

        var result = await run.Connection.RequestAsync(DaemonRequests.Ask("count"), invoke => FakeDaemonAnswers.Llm(invoke, pieces));

        Assert.Empty(result.Errors);
        Assert.Equal(string.Concat(pieces), result.Text);
    }

    [Fact]
    public async Task A_tool_that_stops_reading_a_full_stream_does_not_stall_the_connection()
    {
        // With room for 2 frames, the read loop waits on the third chunk of the first answer when the tool stops
        // reading it; the second invocation's answer, behind those chunks, must still arrive.
        await using var run = await HostRun.StartAsync(options => options.MaxQueuedFramesPerInvocation = 2);
        var request = DaemonConnection.InvokeTool("testkit", "skim", new JsonObject { ["model"] = Model.DeepClone() });

        var result = await run.Connection.RequestAsync(request, invoke => (bool)invoke["request"]!["stream"]!
            ? FakeDaemonAnswers.Llm(invoke, Enumerable.Range(0, 200).Select(index => $"chunk{index}").ToArray())
            : FakeDaemonAnswers.Llm(invoke, "second"));

        Assert.True(result.Ended);
        Assert.Empty(result.Errors);
        Assert.Equal("chunk0|second", result.Text);
    }
}
