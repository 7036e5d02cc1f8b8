using System.Text.Json.Nodes;
using Dify.Plugin.Hosting.Tests.Fixture;
using Xunit;

namespace Dify.Plugin.Hosting.Tests;

/// <summary>In local mode standard output is the protocol, so a tool's Console.Write* must become log events.</summary>
public sealed class LocalConsoleTests
{
    [Fact]
    public async Task A_tool_writing_to_the_console_in_local_mode_yields_only_protocol_frames_and_its_lines_as_log_events()
    {
        await using var run = HostRun.StartLocal();

        var result = await run.Connection.RequestAsync(DaemonConnection.InvokeTool("testkit", "chatty", new JsonObject()));

        Assert.Empty(result.Errors);
        Assert.Equal("done", result.Text);
        Assert.True(
            SpinWait.SpinUntil(() => ConsoleLines(run).Count >= 2, TimeSpan.FromSeconds(10)),
            string.Join("\n", run.Connection.Logs.Select(log => log.ToJsonString())));
        Assert.Equal(["Console: chatty says hi", "Console: from a pool thread"], ConsoleLines(run));
        Assert.Empty(run.Connection.ProtocolViolations);
    }

    private static List<string?> ConsoleLines(HostRun run) =>
        run.Connection.Logs.Select(log => (string?)log["data"]?["message"]).Where(message => message?.StartsWith("Console: ", StringComparison.Ordinal) == true).ToList();
}
