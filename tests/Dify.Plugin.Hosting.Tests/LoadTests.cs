using System.Globalization;
using System.Text.Json.Nodes;
using Dify.Plugin.Hosting.Tests.Fixture;
using Xunit;

namespace Dify.Plugin.Hosting.Tests;

/// <summary>Many concurrent sessions, each with a backwards call, in both modes. Bounds catch stalls, not slowness.</summary>
public sealed class LoadTests
{
    private const int Sessions = 1000;

    [Fact]
    public async Task A_thousand_concurrent_sessions_over_stdin_and_stdout_all_end_with_their_own_answer()
    {
        // The sample in its own process, as the daemon runs a local plugin. The probe saw 293 of 1,000 sessions finish
        // and the rest stall for two minutes while the plugin's thread pool grew.
        await using var plugin = LocalPluginProcess.Start();

        var results = await RunConcurrentlyAsync(plugin.Connection, i => DaemonRequests.SampleLlm($"question {i}"));

        AssertEachGotItsAnswer(results, await plugin.DescribeAsync());
        Assert.Empty(plugin.Connection.ProtocolViolations);
    }

    [Fact]
    public async Task A_thousand_concurrent_sessions_over_tcp_all_end_with_their_own_answer()
    {
        await using var run = await HostRun.StartAsync();

        var results = await RunConcurrentlyAsync(run.Connection, i => DaemonRequests.Ask($"question {i}"));

        AssertEachGotItsAnswer(results, run.Log.Text);
        Assert.Empty(run.Connection.ProtocolViolations);
    }

    private static Task<SessionResult[]> RunConcurrentlyAsync(DaemonConnection connection, Func<int, JsonObject> request) =>
        Task.WhenAll(Enumerable.Range(0, Sessions).Select(i => connection.RequestAsync(
            request(i),
            invoke => FakeDaemonAnswers.Llm(invoke, "answer ", i.ToString(CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(60))));

    private static void AssertEachGotItsAnswer(SessionResult[] results, string diagnostics)
    {
        var unfinished = results.Count(result => !result.Ended);
        Assert.True(unfinished == 0, $"{unfinished} of {Sessions} sessions did not end within 60 s; {diagnostics}");
        Assert.All(results, result => Assert.Empty(result.Errors));
        Assert.Equal(Enumerable.Range(0, Sessions).Select(i => $"answer {i}"), results.Select(result => result.Text));
    }
}
