using Xunit;

namespace Dify.Plugin.Hosting.Tests;

public sealed class SettingsTests
{
    [Fact]
    public void The_python_sdks_variables_are_read_and_the_environment_wins_over_dotenv()
    {
        var dotEnv = Path.Combine(Path.GetTempPath(), $"dify-{Guid.NewGuid():N}.env");
        File.WriteAllLines(dotEnv,
        [
            "# copied from Dify's Plugins → Debug page",
            "INSTALL_METHOD=remote",
            "export REMOTE_INSTALL_URL=\"debug.dify.local:5003\"",
            "REMOTE_INSTALL_KEY='from-dotenv'",
            "MAX_INVOCATION_TIMEOUT=600 # long agent calls",
            "HEARTBEAT_INTERVAL=5",
        ]);
        try
        {
            var settings = PluginSettings.Load(new Dictionary<string, string?> { ["REMOTE_INSTALL_KEY"] = "from-environment" }, dotEnv);

            Assert.Equal(InstallMethod.Remote, settings.InstallMethod);
            Assert.Equal(("debug.dify.local", 5003), (settings.RemoteHost, settings.RemotePort));
            Assert.Equal("from-environment", settings.RemoteKey);
            Assert.Equal(TimeSpan.FromSeconds(600), settings.MaxInvocationTimeout);
            Assert.Equal(TimeSpan.FromSeconds(5), settings.HeartbeatInterval);
            Assert.Equal(TimeSpan.FromSeconds(300), settings.MaxRequestTimeout);
            Assert.Equal(TimeSpan.FromSeconds(600), settings.MaxExecutionTimeout);
        }
        finally
        {
            File.Delete(dotEnv);
        }
    }

    [Theory]
    [InlineData("tcp://10.0.0.5:5003", "10.0.0.5", 5003)]
    [InlineData("localhost:6003", "localhost", 6003)]
    [InlineData("[::1]:5003", "::1", 5003)]
    public void Remote_install_url_accepts_host_port_with_or_without_scheme(string url, string host, int port)
    {
        var settings = PluginSettings.Load(Environment("remote", ("REMOTE_INSTALL_URL", url)), "/nonexistent.env");
        Assert.Equal((host, port), (settings.RemoteHost, settings.RemotePort));
    }

    [Fact]
    public void Host_and_port_are_the_alternative_with_the_sdks_defaults()
    {
        Assert.Equal(("localhost", 5003), Read(Environment("remote")));
        Assert.Equal(("dify", 5100), Read(Environment("remote", ("REMOTE_INSTALL_HOST", "dify"), ("REMOTE_INSTALL_PORT", "5100"))));

        static (string, int) Read(Dictionary<string, string?> environment)
        {
            var settings = PluginSettings.Load(environment, "/nonexistent.env");
            return (settings.RemoteHost, settings.RemotePort);
        }
    }

    [Theory]
    [InlineData("INSTALL_METHOD", "docker", "INSTALL_METHOD is 'docker'")]
    [InlineData("REMOTE_INSTALL_URL", "localhost", "must be host:port")]
    [InlineData("REMOTE_INSTALL_PORT", "http", "REMOTE_INSTALL_PORT has the port 'http'")]
    [InlineData("HEARTBEAT_INTERVAL", "-1", "HEARTBEAT_INTERVAL is '-1'")]
    public void Unusable_values_are_named(string name, string value, string message)
    {
        var environment = Environment("remote", (name, value));
        var exception = Assert.Throws<PluginConfigurationException>(() => PluginSettings.Load(environment, "/nonexistent.env"));
        Assert.Contains(message, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MAX_REQUEST_TIMEOUT", "8640000", "from 0.001 to 2592000 (at most 30 days)")]
    [InlineData("MAX_INVOCATION_TIMEOUT", "8640000", "from 0.001 to 2592000 (at most 30 days)")]
    [InlineData("MAX_REQUEST_TIMEOUT", "1e300", "from 0.001 to 2592000 (at most 30 days)")]
    [InlineData("MAX_INVOCATION_TIMEOUT", "NaN", "from 0.001 to 2592000 (at most 30 days)")]
    [InlineData("MAX_REQUEST_TIMEOUT", "0", "from 0.001 to 2592000 (at most 30 days)")]
    [InlineData("HEARTBEAT_INTERVAL", "60", "from 0.001 to 59 (under the 60 s after which the daemon drops a silent plugin)")]
    public void Out_of_range_timeouts_are_refused_at_start_with_the_range_and_what_to_do(string name, string value, string range)
    {
        var exception = Assert.Throws<PluginConfigurationException>(() => PluginSettings.Load(Environment("local", (name, value)), "/nonexistent.env"));

        Assert.Contains($"{name} is '{value}'", exception.Message, StringComparison.Ordinal);
        Assert.Contains(range, exception.Message, StringComparison.Ordinal);
        Assert.Contains("Set it within that range, or remove it to use the default", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timeout_too_large_for_a_timer_ends_the_host_with_the_message_instead_of_a_crash()
    {
        var log = new StringWriter();
        var options = new PluginHostOptions
        {
            Environment = Environment("local", ("MAX_REQUEST_TIMEOUT", "1e300")),
            DotEnvPath = "/nonexistent.env",
            Log = log,
            LocalStreams = (new MemoryStream(), new MemoryStream()),
        };

        Assert.Equal(1, await PluginHost.RunAsync(DifyPlugin.Registration, [], options));
        Assert.Contains("error: MAX_REQUEST_TIMEOUT is '1e300'", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_largest_accepted_timeouts_fit_the_timers_that_use_them()
    {
        var settings = PluginSettings.Load(
            Environment("local", ("MAX_REQUEST_TIMEOUT", "2592000"), ("PLUGIN_MAX_EXECUTION_TIMEOUT", "2592000"), ("MAX_INVOCATION_TIMEOUT", "2592000"), ("HEARTBEAT_INTERVAL", "59")), "/nonexistent.env");

        using var timer = new CancellationTokenSource();
        timer.CancelAfter(settings.MaxRequestTimeout);
        timer.CancelAfter(settings.MaxExecutionTimeout);
        timer.CancelAfter(settings.MaxInvocationTimeout);
        _ = new Session(new BuiltInDevelopmentBackend(), new SessionOptions { InvocationTimeout = settings.MaxInvocationTimeout });
        Assert.False(timer.IsCancellationRequested);
    }

    [Fact]
    public void Remote_without_a_key_says_where_to_get_one()
    {
        var exception = Assert.Throws<PluginConfigurationException>(() =>
            PluginSettings.Load(new Dictionary<string, string?> { ["INSTALL_METHOD"] = "remote" }, "/nonexistent.env"));
        Assert.Contains("Plugins → Debug", exception.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Environment(string method, params (string Name, string Value)[] values)
    {
        var environment = new Dictionary<string, string?> { ["INSTALL_METHOD"] = method, ["REMOTE_INSTALL_KEY"] = "k" };
        foreach (var (name, value) in values)
        {
            environment[name] = value;
        }

        return environment;
    }
}

public sealed class DevelopmentRunnerTests
{
    [Fact]
    public async Task Readmes_first_command_runs_the_samples_tool_in_process_with_the_built_in_backend()
    {
        var output = new StringWriter();
        var log = new StringWriter();

        var exitCode = await PluginHost.RunAsync(LlmTool.DifyPlugin.Registration, ["invoke", "llm", "--param", "prompt=Hello there"], new PluginHostOptions { Output = output, Log = log });

        Assert.Equal(0, exitCode);
        Assert.Contains("built-in deterministic development backend", log.ToString(), StringComparison.Ordinal);
        var texts = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => (string?)System.Text.Json.Nodes.JsonNode.Parse(line)!["message"]!["text"]);
        Assert.Equal("[echo] Hello there", string.Concat(texts));
    }

    [Fact]
    public async Task Unknown_tools_backends_and_bad_parameters_are_explained()
    {
        var log = new StringWriter();
        var options = new PluginHostOptions { Output = TextWriter.Null, Log = log };

        Assert.Equal(2, await PluginHost.RunAsync(DifyPlugin.Registration, ["invoke", "nope"], options));
        Assert.Equal(2, await PluginHost.RunAsync(DifyPlugin.Registration, ["invoke", "ask", "--backend", "cloud"], options));
        Assert.Equal(1, await PluginHost.RunAsync(DifyPlugin.Registration, ["invoke", "blob", "--param", "size=-5"], options));

        var text = log.ToString();
        Assert.Contains("no tool 'nope'; its tools are: ask, blob, fail, choose, stubborn, vault", text, StringComparison.Ordinal);
        Assert.Contains("no development backend 'cloud'", text, StringComparison.Ordinal);
        Assert.Contains("parameter 'size' [min]", text, StringComparison.Ordinal);
    }

    // These calls go to the built-in backend directly, never through Dify, so the manifest's permissions do not apply.
#pragma warning disable DIFY2004
    [Fact]
    public async Task The_built_in_backend_answers_embeddings_rerank_and_moderation_deterministically()
    {
        var backend = new BuiltInDevelopmentBackend();
        var session = new Session(backend);

        var embedding = await session.Model.TextEmbedding.InvokeAsync(new TextEmbeddingModelConfig { Provider = "p", Model = "m" }, ["a b", "a b"]);
        var ranked = await session.Model.Rerank.InvokeAsync(new RerankModelConfig { Provider = "p", Model = "m" }, ["cats and dogs", "stock prices", "dogs"], "dogs");
        var flagged = await session.Model.Moderation.InvokeAsync(new ModerationModelConfig { Provider = "p", Model = "m" }, "hello");

        Assert.Equal(embedding.Embeddings[0], embedding.Embeddings[1]);
        Assert.Equal([0, 2, 1], ranked.Docs.Select(doc => doc.Index));
        Assert.Equal([1.0, 1.0, 0.0], ranked.Docs.Select(doc => doc.Score));
        Assert.False(flagged);
        await Assert.ThrowsAsync<Invocation.DifyInvocationException>(async () =>
        {
            await foreach (var _ in session.Model.Tts.InvokeStreamingAsync(new TTSModelConfig { Provider = "p", Model = "m", Voice = "v" }, "x"))
            {
            }
        });
    }
#pragma warning restore DIFY2004
}
