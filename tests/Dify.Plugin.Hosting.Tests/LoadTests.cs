using System.Globalization;
using Dify.Plugin.Hosting.Tests.Fixture;
using Xunit;

namespace Dify.Plugin.Hosting.Tests;

/// <summary>Many concurrent sessions, each with a backwards call, in both modes. Bounds catch stalls, not slowness.</summary>
public sealed class LoadTests
{
    [Fact]
    public async Task A_thousand_concurrent_sessions_over_stdin_and_stdout_all_end_with_their_own_answer()
    {
        await using var plugin = LocalPluginProcess.Start();
        var connection = plugin.Connection;

        // Each session logs and makes a backwards call; the probe saw 293 of 1,000 finish and the rest stall for two
        // minutes while the plugin's thread pool grew. The bound is generous: it catches stalls, not slowness.
        var sessions = Enumerable.Range(0, 1000).Select(i => connection.RequestAsync(
            DaemonRequests.SampleLlm($"question {i}"),
            invoke => FakeDaemonAnswers.Llm(invoke, "answer ", i.ToString(CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(60))).ToArray();
        var results = await Task.WhenAll(sessions);

        var unfinished = results.Count(result => !result.Ended);
        Assert.True(unfinished == 0, $"{unfinished} of 1000 sessions did not end within 60 s; {await plugin.DescribeAsync()}");
        for (var i = 0; i < results.Length; i++)
        {
            Assert.Empty(results[i].Errors);
            Assert.Equal($"answer {i}", results[i].Text);
        }

        Assert.Empty(connection.ProtocolViolations);
    }

    [Fact]
    public async Task A_thousand_concurrent_sessions_over_tcp_all_end_with_their_own_answer()
    {
        await using var run = await HostRun.StartAsync();
        var connection = run.Connection;

        var sessions = Enumerable.Range(0, 1000).Select(i => connection.RequestAsync(
            DaemonRequests.Ask($"question {i}"),
            invoke => FakeDaemonAnswers.Llm(invoke, "answer ", i.ToString(CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(60))).ToArray();
        var results = await Task.WhenAll(sessions);

        Assert.Equal(0, results.Count(result => !result.Ended));
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"answer {i}"), results.Select(result => result.Text));
        Assert.Empty(connection.ProtocolViolations);
    }
}
