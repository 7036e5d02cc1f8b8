using System.Text.Json.Nodes;
using Dify.Plugin.Hosting.Tests.Fixture;
using Xunit;

namespace Dify.Plugin.Hosting.Tests;

/// <summary>
/// The OAuth actions as the Python SDK routes them (plugin.py:443-465, OAuthActions in
/// core/entities/plugin/request.py:76-79) and answers them (core/plugin_executor.py:751-810), with requests shaped as
/// the daemon sends them (pkg/entities/requests/oauth.go:3-21) and answers it reads (pkg/entities/oauth_entities/oauth.go).
/// </summary>
public sealed class OAuthTests
{
    [Theory]
    [InlineData("get_authorization_url")]
    [InlineData("get_credentials")]
    [InlineData("refresh_credentials")]
    public async Task Each_oauth_action_reaches_the_provider_class_and_answers_in_the_sdks_shape(string action)
    {
        await using var run = await HostRun.StartAsync();

        var result = await run.Connection.RequestAsync(Golden($"oauth.{action}.request.json"));

        Assert.True(result.Ended);
        Assert.Empty(result.Errors);
        Assert.True(JsonNode.DeepEquals(Golden($"oauth.{action}.response.json"), Assert.Single(result.Stream)), Assert.Single(result.Stream).ToJsonString());
        Assert.Empty(run.Connection.ProtocolViolations);
    }

    [Fact]
    public async Task A_refused_refresh_reaches_dify_as_the_providers_message_and_no_secret_reaches_the_log()
    {
        await using var run = await HostRun.StartAsync();
        var request = Golden("oauth.refresh_credentials.request.json");
        request["credentials"] = new JsonObject { ["refresh_token"] = "stolen-refresh-token" };

        var result = await run.Connection.RequestAsync(request);

        Assert.True(result.Ended);
        Assert.Equal("The refresh token was refused.", (string?)Assert.Single(result.Errors)["message"]);
        Assert.DoesNotContain("stolen-refresh-token", run.Log.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("cs-secret-value", run.Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_callback_that_is_not_hexadecimal_ends_the_session_with_an_error()
    {
        await using var run = await HostRun.StartAsync();
        var request = Golden("oauth.get_credentials.request.json");
        request["raw_http_request"] = "not hex";

        var result = await run.Connection.RequestAsync(request);

        Assert.True(result.Ended);
        Assert.Contains("raw_http_request", (string?)Assert.Single(result.Errors)["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tool_sees_the_credential_type_it_was_invoked_with()
    {
        await using var run = await HostRun.StartAsync();
        var request = DaemonConnection.InvokeTool("testkit", "whoami", new JsonObject(), new JsonObject { ["access_token"] = "at-1" });
        request["credential_type"] = "oauth2";

        var result = await run.Connection.RequestAsync(request);

        Assert.Empty(result.Errors);
        Assert.Equal("OAuth2 with access_token", result.Text);
    }

    [Fact]
    public async Task Parameter_options_are_fetched_with_the_credential_type_of_the_request()
    {
        // DynamicParameterFetchParameterOptionsRequest carries credential_type (core/entities/plugin/request.py:330-338).
        await using var run = await HostRun.StartAsync();
        var request = new JsonObject { ["user_id"] = "u", ["type"] = "dynamic_parameter", ["action"] = "fetch_parameter_options", ["provider"] = "testkit", ["provider_action"] = "choose", ["parameter"] = "channel", ["credentials"] = new JsonObject { ["access_token"] = "at" }, ["credential_type"] = "oauth2" };

        var result = await run.Connection.RequestAsync(request);

        Assert.Equal("authorized", (string?)Assert.Single(Assert.Single(result.Stream)["options"]!.AsArray())!["value"]);
    }

    [Fact]
    public async Task A_tool_sees_the_sessions_context_the_daemon_sends_in_the_envelope()
    {
        // The envelope's context (core/entities/plugin/io.py:28) read as the SDK's SessionContext (core/runtime.py:101-133).
        await using var run = await HostRun.StartAsync();
        var envelope = new JsonObject
        {
            ["session_id"] = "with-context",
            ["event"] = "request",
            ["context"] = new JsonObject { ["credentials"] = new JsonObject { ["tool_credentials"] = new JsonObject { ["testkit"] = "cred-7" } } },
            ["data"] = DaemonConnection.InvokeTool("testkit", "whoami", new JsonObject()),
        };

        var result = await run.Connection.RequestRawAsync("with-context", envelope.ToJsonString());

        Assert.Empty(result.Errors);
        Assert.Equal("ApiKey with , credential cred-7", result.Text);
    }

    private static JsonObject Golden(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", name)))!.AsObject();
}
