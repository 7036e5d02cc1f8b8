using System.Text;
using System.Text.Json.Nodes;
using Dify.Plugin.Hosting.Tests.Fixture;
using Xunit;

namespace Dify.Plugin.Hosting.Tests;

/// <summary>The plugin host against the fake daemon, over a real loopback TCP socket and over pipes.</summary>
public sealed class HostTests
{
    [Fact]
    public async Task The_sample_registers_over_tcp_and_streams_the_models_answer()
    {
        await using var daemon = new FakeDaemon("debug-key");
        using var stop = new CancellationTokenSource();
        var host = PluginHost.RunAsync(LlmTool.DifyPlugin.Registration, [], HostRun.RemoteOptions(daemon), stop.Token);

        await using var connection = await daemon.NextConnectionAsync();
        Assert.Null(connection.RegistrationError);
        Assert.Empty(connection.ProtocolViolations);
        Assert.Equal("llm_tool", (string?)connection.Manifest!["name"]);
        Assert.Equal("python", (string?)connection.Manifest["meta"]!["runner"]!["language"]);
        var provider = Assert.Single(connection.Providers);
        Assert.Equal("llm", (string?)provider["identity"]!["name"]);
        var tool = provider["tools"]!.AsArray().Single()!;
        Assert.Equal("llm", (string?)tool["identity"]!["name"]);
        Assert.Equal("llm", (string?)tool["parameters"]![1]!["scope"]);
        // The SDK's shape (entities/tool.py ToolProviderConfiguration): credentials as a named list, here empty.
        Assert.Empty(provider["credentials_schema"]!.AsArray());
        Assert.Equal(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "_assets", "icon.svg")), connection.Assets["icon.svg"]);

        var result = await connection.RequestAsync(
            DaemonRequests.SampleLlm("Say hello"),
            invoke => FakeDaemonAnswers.Llm(invoke, "Hello", " from", " C#"));

        Assert.True(result.Ended);
        Assert.Empty(result.Errors);
        Assert.Equal("Hello from C#", result.Text);
        var invocation = Assert.Single(result.Invocations);
        Assert.Equal("llm", (string?)invocation["type"]);
        Assert.Matches("^[0-9a-f]{32}$", (string?)invocation["backwards_request_id"]);
        var request = invocation["request"]!.AsObject();
        Assert.Equal(("langgenius/openai/openai", "gpt-4o-mini", "llm", "chat", true), ((string?)request["provider"], (string?)request["model"], (string?)request["model_type"], (string?)request["mode"], (bool)request["stream"]!));
        Assert.Equal("Say hello", (string?)request["prompt_messages"]![1]!["content"]);
        Assert.True(SpinWait.SpinUntil(() => connection.Heartbeats >= 2, TimeSpan.FromSeconds(10)), $"heartbeats: {connection.Heartbeats}");
        Assert.Empty(connection.ProtocolViolations);

        await stop.CancelAsync();
        Assert.Equal(0, await host.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_provider_whose_credentials_are_a_map_registers_them_as_a_named_list_in_declaration_order()
    {
        // provider/testkit.yaml declares credentials_for_provider as a map (api_key, then region), the form most
        // official plugins use; the daemon needs the SDK's list with names (entities/tool.py, ToolProviderConfiguration).
        await using var run = await HostRun.StartAsync();

        Assert.Null(run.Connection.RegistrationError);
        Assert.Empty(run.Connection.ProtocolViolations);
        var credentials = Assert.Single(run.Connection.Providers)["credentials_schema"]!.AsArray();
        Assert.Equal(["api_key", "region"], credentials.Select(entry => (string?)entry!["name"]));
        Assert.Equal(("secret-input", true), ((string?)credentials[0]!["type"], (bool)credentials[0]!["required"]!));
        var region = credentials[1]!;
        Assert.Equal(("select", false, "eu"), ((string?)region["type"], (bool)region["required"]!, (string?)region["default"]));
        Assert.Equal(["eu", "us"], region["options"]!.AsArray().Select(option => (string?)option!["value"]));
        Assert.Equal("Europe", (string?)region["options"]![0]!["label"]!["en_US"]);
        Assert.Equal("Region", (string?)region["label"]!["pt_BR"]);
    }

    [Fact]
    public async Task The_sample_runs_as_a_local_plugin_over_stdin_and_stdout()
    {
        await using var plugin = LocalPluginProcess.Start(("HEARTBEAT_INTERVAL", "0.2"));
        var connection = plugin.Connection;

        var result = await connection.RequestAsync(DaemonRequests.SampleLlm("over pipes"), invoke => FakeDaemonAnswers.Llm(invoke, "Piped", " answer"));

        Assert.True(result.Ended, await plugin.DescribeAsync());
        Assert.Equal("Piped answer", result.Text);
        Assert.True(SpinWait.SpinUntil(() => connection.Heartbeats >= 1, TimeSpan.FromSeconds(10)));
        Assert.True(SpinWait.SpinUntil(
            () => connection.Logs.Any(log => ((string?)log["data"]?["message"])?.Contains("invoke_tool", StringComparison.Ordinal) == true),
            TimeSpan.FromSeconds(10)));
        Assert.Empty(connection.ProtocolViolations);

        // A plugin exits when the daemon closes its stdin.
        await plugin.StopAsync();
        Assert.Equal(0, plugin.ExitCode);
    }

    [Fact]
    public async Task A_wrong_key_ends_with_a_message_that_says_what_to_do_and_no_retries()
    {
        await using var daemon = new FakeDaemon("right-key");
        var log = new StringWriter();
        var options = HostRun.RemoteOptions(daemon, key: "wrong-key", log: log);

        var exitCode = await PluginHost.RunAsync(Registration(), [], options).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, exitCode);
        var text = log.ToString();
        Assert.Contains("handshake failed, invalid key", text, StringComparison.Ordinal);
        Assert.Contains("expire after two hours", text, StringComparison.Ordinal);
        Assert.Contains("Plugins → Debug", text, StringComparison.Ordinal);
        Assert.Equal(1, daemon.Accepted);
    }

    [Fact]
    public async Task A_daemon_that_closes_mid_stream_ends_the_session_and_the_host_reconnects()
    {
        await using var daemon = new FakeDaemon("key");
        using var stop = new CancellationTokenSource();
        var host = PluginHost.RunAsync(Registration(), [], HostRun.RemoteOptions(daemon), stop.Token);
        var first = await daemon.NextConnectionAsync();

        var dropped = await first.RequestAsync(
            DaemonRequests.Ask("will be cut"),
            invoke => DropAfterFirstChunk(first, invoke));

        Assert.False(dropped.Ended);
        await using var second = await daemon.NextConnectionAsync();
        Assert.Null(second.RegistrationError);
        var result = await second.RequestAsync(DaemonRequests.Ask("again"), invoke => FakeDaemonAnswers.Llm(invoke, "back"));
        Assert.Equal("back", result.Text);

        await stop.CancelAsync();
        Assert.Equal(0, await host.WaitAsync(TimeSpan.FromSeconds(10)));
        await first.DisposeAsync();
    }

    [Fact]
    public async Task After_the_reconnections_fail_the_host_says_so()
    {
        await using var daemon = new FakeDaemon("key");
        var log = new StringWriter();
        var host = PluginHost.RunAsync(Registration(), [], HostRun.RemoteOptions(daemon, log: log));
        (await daemon.NextConnectionAsync()).Drop();
        await daemon.DisposeAsync();

        Assert.Equal(1, await host.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("Could not connect", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_and_overlong_lines_are_skipped_and_the_host_keeps_serving()
    {
        await using var run = await HostRun.StartAsync(options => options.MaxIncomingLineBytes = 64 * 1024);
        var connection = run.Connection;

        var first = await connection.RequestAsync(DaemonRequests.Ask("first"), invoke => FakeDaemonAnswers.Llm(invoke, "one"));
        await connection.WriteRawAsync(Encoding.UTF8.GetBytes("this is not json\n{\"event\": \"surprise\"}\n"));
        await connection.WriteRawAsync(Encoding.UTF8.GetBytes("{\"x\":\"" + new string('a', 200_000) + "\"}\n"));
        var second = await connection.RequestAsync(DaemonRequests.Ask("second"), invoke => FakeDaemonAnswers.Llm(invoke, "two"));

        Assert.Equal(("one", "two"), (first.Text, second.Text));
        Assert.True(run.WaitForLog("not JSON"), run.Log.Text);
        Assert.True(run.WaitForLog("over the 65536-byte limit"), run.Log.Text);
    }

    [Fact]
    public async Task A_backwards_error_frame_becomes_the_sessions_error_and_the_session_still_ends()
    {
        await using var run = await HostRun.StartAsync();
        var connection = run.Connection;

        var result = await connection.RequestAsync(DaemonRequests.Ask("x"), _ => FakeDaemonAnswers.Fail("permission denied, you need to enable llm access in plugin manifest"));

        Assert.True(result.Ended);
        var error = Assert.Single(result.Errors);
        // As the SDK reports it: Exception(event.message) (core/runtime.py:315-316) written by io_server.py:118-126.
        Assert.Equal(("Exception", "permission denied, you need to enable llm access in plugin manifest"), ((string?)error["error_type"], (string?)error["message"]));
        Assert.IsType<JsonObject>(error["args"]);
    }

    [Fact]
    public async Task A_tool_that_throws_sends_what_it_had_then_an_error_then_end()
    {
        await using var run = await HostRun.StartAsync();
        var connection = run.Connection;

        var result = await connection.RequestAsync(FakeDaemonRequest("fail", new JsonObject()));

        Assert.Equal("about to fail", result.Text);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("InvalidOperationException", "the tool failed on purpose"), ((string?)error["error_type"], (string?)error["message"]));
        Assert.True(result.Ended);

        var unknown = await connection.RequestAsync(new JsonObject { ["user_id"] = "u", ["type"] = "endpoint", ["action"] = "invoke_endpoint" });
        Assert.Equal("NotSupportedException", (string?)Assert.Single(unknown.Errors)["error_type"]);
        Assert.True(unknown.Ended);

        var badParameters = await connection.RequestAsync(FakeDaemonRequest("blob", new JsonObject { ["size"] = "lots" }));
        Assert.Equal("ToolParametersException", (string?)Assert.Single(badParameters.Errors)["error_type"]);
    }

    [Fact]
    public async Task A_tool_that_ignores_its_cancellation_token_still_gets_error_and_end_when_its_time_is_up()
    {
        await using var run = await HostRun.StartAsync(options => HostRun.SetEnvironment(options, "PLUGIN_MAX_EXECUTION_TIMEOUT", "5"));

        var result = await run.Connection.RequestAsync(FakeDaemonRequest("stubborn", new JsonObject()));

        Assert.True(result.Ended);
        Assert.Equal("started", result.Text);
        var error = Assert.Single(result.Errors);
        Assert.Equal("TimeoutException", (string?)error["error_type"]);
        Assert.Contains("PLUGIN_MAX_EXECUTION_TIMEOUT (5 s)", (string?)error["message"], StringComparison.Ordinal);
        Assert.True(run.WaitForLog("the tool's task abandoned"), run.Log.Text);
        var next = await run.Connection.RequestAsync(DaemonRequests.Ask("still there?"), invoke => FakeDaemonAnswers.Llm(invoke, "yes"));
        Assert.Equal("yes", next.Text);
    }

    [Fact]
    public async Task MAX_REQUEST_TIMEOUT_does_not_limit_a_request_as_the_sdk_uses_it_only_for_serverless()
    {
        // plugin.py:221 passes MAX_REQUEST_TIMEOUT only to the serverless reader; the daemon's own limit is
        // PLUGIN_MAX_EXECUTION_TIMEOUT, 600 s by default (internal/types/app/default.go:29, service/base_sse.go:85).
        await using var run = await HostRun.StartAsync(options => HostRun.SetEnvironment(options, "MAX_REQUEST_TIMEOUT", "1"));

        var result = await run.Connection.RequestAsync(DaemonRequests.Ask("slow"), invoke => AnswerAfter(TimeSpan.FromSeconds(2), invoke, "late but fine"));

        Assert.True(result.Ended);
        Assert.Empty(result.Errors);
        Assert.Equal("late but fine", result.Text);
    }

    [Fact]
    public async Task A_tool_that_honours_its_token_times_out_with_error_and_end_and_is_not_called_abandoned()
    {
        await using var run = await HostRun.StartAsync(options => HostRun.SetEnvironment(options, "PLUGIN_MAX_EXECUTION_TIMEOUT", "1"));

        var result = await run.Connection.RequestAsync(DaemonRequests.Ask("never answered"), _ => AnswerTooLate());

        Assert.True(result.Ended);
        Assert.Equal("TimeoutException", (string?)Assert.Single(result.Errors)["error_type"]);
        Assert.True(run.WaitForLog("failed: The request ran longer than PLUGIN_MAX_EXECUTION_TIMEOUT (1 s)"), run.Log.Text);
        Assert.DoesNotContain(run.LogLines(), line => line.Contains("abandoned", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_request_with_a_running_sessions_id_is_refused_and_the_first_keeps_its_answers()
    {
        await using var run = await HostRun.StartAsync();
        var connection = run.Connection;
        var invoked = new TaskCompletionSource();
        var release = new TaskCompletionSource();

        var first = connection.RequestAsync(
            DaemonRequests.Ask("first"),
            invoke => AnswerWhenReleased(invoke, invoked, release),
            sessionId: "reused-session");
        await invoked.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await connection.SendRequestAsync("reused-session", DaemonRequests.Ask("second"));
        Assert.True(run.WaitForLog("refused a second request"), run.Log.Text);
        release.SetResult();
        var result = await first;

        Assert.True(result.Ended);
        Assert.Equal("first answer", result.Text);
        Assert.Single(result.Invocations);
        var error = Assert.Single(result.Errors);
        Assert.Equal("DuplicateSessionError", (string?)error["error_type"]);
        Assert.Contains("Each request needs its own session id", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blob_goes_out_in_chunks_of_at_most_8192_bytes_with_a_final_end_chunk()
    {
        await using var run = await HostRun.StartAsync();
        var connection = run.Connection;

        var result = await connection.RequestAsync(FakeDaemonRequest("blob", new JsonObject { ["size"] = 20_000 }));

        var chunks = result.Stream.Select(message => message).ToArray();
        Assert.All(chunks, chunk => Assert.Equal("blob_chunk", (string?)chunk["type"]));
        Assert.Equal(4, chunks.Length);
        var id = (string?)chunks[0]["message"]!["id"];
        var assembled = new List<byte>();
        for (var i = 0; i < chunks.Length; i++)
        {
            var message = chunks[i]["message"]!;
            Assert.Equal(id, (string?)message["id"]);
            Assert.Equal(i, (int)message["sequence"]!);
            Assert.Equal(20_000, (int)message["total_length"]!);
            Assert.Equal(i == chunks.Length - 1, (bool)message["end"]!);
            Assert.Equal("application/octet-stream", (string?)chunks[i]["meta"]!["mime_type"]);
            var bytes = Convert.FromBase64String((string)message["blob"]!);
            Assert.True(bytes.Length <= 8192);
            assembled.AddRange(bytes);
        }

        Assert.Equal(Enumerable.Range(0, 20_000).Select(i => (byte)(i % 251)), assembled);
    }

    [Fact]
    public async Task A_hundred_concurrent_sessions_with_interleaved_backwards_calls_each_get_their_own_answer()
    {
        await using var run = await HostRun.StartAsync();
        var connection = run.Connection;

        var sessions = Enumerable.Range(0, 100).Select(i => connection.RequestAsync(
            DaemonRequests.Ask($"question {i}"),
            invoke => FakeDaemonAnswers.EchoSlowly(invoke, i),
            TimeSpan.FromSeconds(60))).ToArray();
        var results = await Task.WhenAll(sessions);

        for (var i = 0; i < results.Length; i++)
        {
            Assert.True(results[i].Ended);
            Assert.Empty(results[i].Errors);
            Assert.Equal($"answer to question {i}", results[i].Text);
        }

        Assert.Equal(100, results.Select(r => r.SessionId).Distinct().Count());
        Assert.Empty(connection.ProtocolViolations);
    }

    [Fact]
    public async Task Credentials_are_validated_by_the_provider_class_and_options_come_from_the_tool()
    {
        await using var run = await HostRun.StartAsync();
        var connection = run.Connection;

        var good = await connection.RequestAsync(new JsonObject { ["user_id"] = "u", ["type"] = "tool", ["action"] = "validate_tool_credentials", ["provider"] = "testkit", ["credentials"] = new JsonObject { ["api_key"] = "good" } });
        var bad = await connection.RequestAsync(new JsonObject { ["user_id"] = "u", ["type"] = "tool", ["action"] = "validate_tool_credentials", ["provider"] = "testkit", ["credentials"] = new JsonObject { ["api_key"] = "sk-secret-value" } });
        var options = await connection.RequestAsync(new JsonObject { ["user_id"] = "u", ["type"] = "dynamic_parameter", ["action"] = "fetch_parameter_options", ["provider"] = "testkit", ["provider_action"] = "choose", ["parameter"] = "channel", ["credentials"] = new JsonObject(), ["credential_type"] = "api-key" });

        Assert.True((bool)Assert.Single(good.Stream)["result"]!);
        Assert.Equal("The API key was refused.", (string?)Assert.Single(bad.Errors)["message"]);
        // Written from the SDK: I18nObject fills missing locales from en_US, ParameterOption dumps icon: null
        // (entities/parameters.py:25-33, 47-53).
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "fetch_parameter_options.response.json"))),
            Assert.Single(options.Stream)), Assert.Single(options.Stream).ToJsonString());
        Assert.DoesNotContain(connection.Logs, log => log.ToJsonString().Contains("sk-secret-value", StringComparison.Ordinal));
    }

    private static PluginRegistration Registration() => DifyPlugin.Registration;


    private static async IAsyncEnumerable<JsonObject> AnswerAfter(TimeSpan delay, JsonObject invoke, string answer)
    {
        await Task.Delay(delay);
        await foreach (var chunk in FakeDaemonAnswers.Llm(invoke, answer))
        {
            yield return chunk;
        }
    }

    private static async IAsyncEnumerable<JsonObject> AnswerTooLate()
    {
        await Task.Delay(TimeSpan.FromSeconds(3));
        yield break;
    }

    private static async IAsyncEnumerable<JsonObject> AnswerWhenReleased(JsonObject invoke, TaskCompletionSource invoked, TaskCompletionSource release)
    {
        invoked.TrySetResult();
        await release.Task;
        await foreach (var chunk in FakeDaemonAnswers.Llm(invoke, "first answer"))
        {
            yield return chunk;
        }
    }

    private static JsonObject FakeDaemonRequest(string tool, JsonObject parameters) =>
        DaemonConnection.InvokeTool("testkit", tool, parameters, new JsonObject { ["api_key"] = "sk-secret-value" });

    private static async IAsyncEnumerable<JsonObject> DropAfterFirstChunk(DaemonConnection connection, JsonObject invoke)
    {
        await foreach (var chunk in FakeDaemonAnswers.Llm(invoke, "partial", " never"))
        {
            yield return chunk;
            connection.Drop();
            yield break;
        }
    }
}

internal static class DaemonRequests
{
    private static readonly JsonObject ModelSelection = new()
    {
        ["provider"] = "langgenius/openai/openai", ["model"] = "gpt-4o-mini", ["model_type"] = "llm", ["mode"] = "chat", ["completion_params"] = new JsonObject(),
    };

    /// <summary>A request for the sample's <c>llm</c> tool.</summary>
    public static JsonObject SampleLlm(string prompt) =>
        DaemonConnection.InvokeTool("llm", "llm", new JsonObject { ["prompt"] = prompt, ["model"] = ModelSelection.DeepClone() });

    public static JsonObject Ask(string question) => DaemonConnection.InvokeTool("testkit", "ask", new JsonObject
    {
        ["question"] = question,
        ["model"] = new JsonObject { ["provider"] = "openai", ["model"] = "gpt-4o-mini", ["model_type"] = "llm", ["mode"] = "chat" },
    });
}
