using System.Text;
using System.Text.Json.Nodes;
using Dify.Plugin.Hosting.Tests.Fixture;
using Xunit;

namespace Dify.Plugin.Hosting.Tests;

/// <summary>What a hostile or broken daemon sends (issue 9), and what the host must still do.</summary>
public sealed class HostileInputTests
{
    [Theory]
    [InlineData("local")]
    [InlineData("remote")]
    public async Task Credentials_parameter_values_and_line_contents_never_reach_a_log(string mode)
    {
        await using var run = mode == "local" ? HostRun.StartLocal() : await HostRun.StartAsync();
        var connection = run.Connection;

        var good = await connection.RequestAsync(Vault("tok-SECRET-1", 3, "SECRET-credential-1"));
        var badBinding = await connection.RequestAsync(Vault("tok-SECRET-2", "SECRET-limit-2", "SECRET-credential-2"));
        var toolsOwnCheck = await connection.RequestAsync(Vault("SECRET-token-3", 3, "SECRET-credential-3"));
        var unhandled = await connection.RequestAsync(new JsonObject
        {
            ["user_id"] = "u", ["type"] = "tool", ["action"] = "export_everything",
            ["credentials"] = new JsonObject { ["api_key"] = "SECRET-credential-4" }, ["tool_parameters"] = new JsonObject { ["token"] = "SECRET-token-4" },
        });
        var unknownProvider = await connection.RequestAsync(DaemonConnection.InvokeTool("SECRET-provider-5", "vault", new JsonObject { ["token"] = "SECRET-token-5" }));
        var truncated = await connection.RequestRawAsync(
            "s-truncated", """{"event":"request","session_id":"s-truncated","data":{"credentials":{"api_key":"SECRET-credential-6"},"tool_parameters":{"token":"SECRET-tok""");
        const string unknownEvent = """{"event":"surprise","data":{"token":"SECRET-event-8"}}""";
        await connection.WriteRawAsync(Encoding.UTF8.GetBytes("SECRET-plain-line-7\n" + unknownEvent + "\n"));

        Assert.All(new[] { good, badBinding, toolsOwnCheck, unhandled, unknownProvider, truncated }, result => Assert.True(result.Ended));
        Assert.Equal("a token of 12 characters, limit 3", good.Text);
        Assert.True(run.WaitForLog("failed: ToolParametersException: parameter 'limit' [type]"), run.Log.Text);
        Assert.True(run.WaitForLog("failed: ToolParametersException: parameter 'token' [format]"), run.Log.Text);
        Assert.True(run.WaitForLog("failed: NotSupportedException"), run.Log.Text);
        Assert.True(run.WaitForLog("failed: InvalidOperationException"), run.Log.Text);
        Assert.True(run.WaitForLog("refused a request that cannot be read"), run.Log.Text);
        Assert.True(run.WaitForLog("Skipped a line from the daemon that is not JSON"), run.Log.Text);
        Assert.True(run.WaitForLog($"Skipped a message the plugin does not handle: {unknownEvent.Length} bytes, a JSON object with keys event, data (event 'surprise')"), run.Log.Text);
        Assert.DoesNotContain(run.LogLines(), line => line.Contains("SECRET-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_problem_a_tool_reports_about_a_secret_input_reaches_dify_without_the_value()
    {
        await using var run = await HostRun.StartAsync();

        var result = await run.Connection.RequestAsync(Vault("SECRET-token-9", 3, "key"));

        var error = Assert.Single(result.Errors);
        Assert.Equal("ToolParametersException", (string?)error["error_type"]);
        Assert.Contains("parameter 'token' [format]", (string?)error["message"], StringComparison.Ordinal);
        Assert.Contains("it is not repeated because the parameter is a secret-input", (string?)error["message"], StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-token-9", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_request_however_malformed_gets_an_error_and_end()
    {
        await using var run = HostRun.StartLocal();
        var connection = run.Connection;

        var noData = await connection.RequestRawAsync("s-no-data", """{"event":"request","session_id":"s-no-data"}""");
        var textData = await connection.RequestRawAsync("s-text-data", """{"event":"request","session_id":"s-text-data","data":"invoke"}""");
        var deep = await connection.RequestRawAsync("s-deep", """{"event":"request","session_id":"s-deep","data":{"x":""" + new string('[', 100) + new string(']', 100) + "}}");
        var cut = await connection.RequestRawAsync("s-cut", """{"event":"request","session_id":"s-cut","data":{"type":"tool" """);

        Assert.Contains("it has no 'data' object", Malformed(noData), StringComparison.Ordinal);
        Assert.Contains("it has no 'data' object", Malformed(textData), StringComparison.Ordinal);
        Assert.Contains("levels deep, over the limit of 64", Malformed(deep), StringComparison.Ordinal);
        Assert.Contains("it is not valid JSON", Malformed(cut), StringComparison.Ordinal);
        var after = await connection.RequestAsync(Choose());
        Assert.Equal("none", after.Text);
        Assert.Empty(connection.ProtocolViolations);

        static string Malformed(SessionResult result)
        {
            Assert.True(result.Ended);
            var error = Assert.Single(result.Errors);
            Assert.Equal("MalformedRequestError", (string?)error["error_type"]);
            return (string?)error["message"] ?? "";
        }
    }

    [Fact]
    public async Task A_first_line_of_garbage_in_local_mode_is_explained_and_the_host_keeps_serving()
    {
        await using var run = HostRun.StartLocal();

        const string garbage = "Traceback (most recent call last):";
        await run.Connection.WriteRawAsync(Encoding.UTF8.GetBytes(garbage + "\n"));
        var result = await run.Connection.RequestAsync(Choose());

        Assert.Equal("none", result.Text);
        Assert.True(run.WaitForLog($"Skipped a line from the daemon that is not JSON the plugin can read: {garbage.Length} bytes, not valid JSON from byte 0. Each line must be one JSON object"), run.Log.Text);
    }

    [Fact]
    public async Task A_first_line_after_a_utf8_byte_order_mark_is_read_as_json()
    {
        await using var run = HostRun.StartLocal();
        var line = new JsonObject { ["session_id"] = "s-bom", ["event"] = "request", ["data"] = Choose() }.ToJsonString();

        var result = await run.Connection.RequestRawAsync("s-bom", "\uFEFF" + line);

        Assert.True(result.Ended);
        Assert.Equal("none", result.Text);
    }

    [Fact]
    public async Task Invalid_utf8_in_a_request_becomes_replacement_characters_and_the_request_runs()
    {
        await using var run = HostRun.StartLocal();
        var line = new JsonObject
        {
            ["session_id"] = "s-utf8", ["event"] = "request", ["data"] = DaemonConnection.InvokeTool("testkit", "choose", new JsonObject { ["channel"] = "INVALID" }),
        }.ToJsonString();
        var bytes = Encoding.UTF8.GetBytes(line);
        var at = line.IndexOf("INVALID", StringComparison.Ordinal);
        bytes[at] = 0xC3;
        bytes[at + 1] = 0x28;

        var session = run.Connection.FollowAsync("s-utf8");
        await run.Connection.WriteRawAsync([.. bytes, (byte)'\n']);
        var result = await session;

        Assert.True(result.Ended);
        Assert.Equal("\uFFFD(VALID", result.Text);
    }

    [Fact]
    public async Task Control_characters_from_the_daemon_are_escaped_in_the_log()
    {
        await using var run = await HostRun.StartAsync();

        await run.Connection.WriteRawAsync(Encoding.UTF8.GetBytes(
            """{"event":"backwards_response","session_id":"gone\u001b[2J\r\n12:00:00 INFO    forged line","data":{}}""" + "\n"
            + """{"event":"sur\u0007prise","data":{}}""" + "\n"));

        Assert.True(run.WaitForLog("which has ended"), run.Log.Text);
        Assert.True(run.WaitForLog("event 'sur\\u0007prise'"), run.Log.Text);
        var text = run.Log.Text;
        Assert.Contains("gone\\u001b[2J\\u000d\\u000a12:00:00 INFO    forged line", text, StringComparison.Ordinal);
        Assert.DoesNotContain(text, character => char.IsControl(character) && character != '\n');
    }

    private static JsonObject Vault(string token, JsonNode limit, string credential) =>
        DaemonConnection.InvokeTool("testkit", "vault", new JsonObject { ["token"] = token, ["limit"] = limit }, new JsonObject { ["api_key"] = credential });

    private static JsonObject Choose() => DaemonConnection.InvokeTool("testkit", "choose", new JsonObject());
}
