using System.IO.Pipes;
using System.Text.Json.Nodes;
using Dify.Plugin.Hosting.Tests.Fixture;
using Dify.Plugin.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Dify.Plugin.Hosting.GenericHost.Tests;

/// <summary>
/// The test plugin on <c>Host.CreateApplicationBuilder</c> with <c>AddDifyPlugin</c>, against the fake daemon in both
/// modes: its tool gets a typed HttpClient, an ILogger and options from the container, per request.
/// </summary>
public sealed class GenericHostTests
{
    private const string ApiKey = "sk-weather-secret-4242";

    [Fact]
    public async Task Remote_the_tool_gets_its_HttpClient_logger_and_options_and_its_log_lines_reach_the_host_log()
    {
        await using var daemon = new FakeDaemon("debug-key");
        var log = new SynchronizedLog();
        var api = StubWeatherApi.Sunny();
        using var host = Build(api, log, new()
        {
            ["INSTALL_METHOD"] = "remote",
            ["REMOTE_INSTALL_URL"] = $"127.0.0.1:{daemon.Port}",
            ["REMOTE_INSTALL_KEY"] = daemon.Key,
            ["Weather:Units"] = "imperial",
        });

        await host.StartAsync();
        await using var connection = await daemon.NextConnectionAsync();
        var first = await connection.RequestAsync(DaemonConnection.InvokeTool("weather", "forecast", new JsonObject { ["city"] = "Paris" }));
        var second = await connection.RequestAsync(DaemonConnection.InvokeTool("weather", "forecast", new JsonObject { ["city"] = "Zürich" }));
        await host.StopAsync();

        Assert.True(first.Ended && second.Ended);
        Assert.Empty(first.Errors);
        Assert.Equal("sunny (?city=Paris&units=imperial)", first.Text);
        Assert.Equal("sunny (?city=Z%C3%BCrich&units=imperial)", second.Text);
        Assert.Equal(["https://weather.example/forecast?city=Paris&units=imperial", "https://weather.example/forecast?city=Z%C3%BCrich&units=imperial"],
            api.Requests.Select(request => request.RequestUri!.AbsoluteUri));
        // Remote debugging: the daemon takes no log events, so the tool's ILogger lines go to the host's log (standard error).
        Assert.Contains(log.Text.Split('\n'), line => line.Contains("INFO", StringComparison.Ordinal) && line.Contains("Dify.Plugin.Hosting.GenericHost.Tests.ForecastTool: Forecast for Paris in imperial", StringComparison.Ordinal));
        Assert.Empty(connection.Logs);
        Assert.DoesNotContain(daemon.Key, log.Text, StringComparison.Ordinal);
        Assert.Equal(0, Environment.ExitCode);
    }

    [Fact]
    public async Task Local_the_tool_log_lines_reach_the_daemon_as_log_events_and_no_secret_does()
    {
        var toPlugin = new AnonymousPipeServerStream(PipeDirection.Out);
        var fromPlugin = new AnonymousPipeServerStream(PipeDirection.In);
        var pluginInput = new AnonymousPipeClientStream(PipeDirection.In, toPlugin.ClientSafePipeHandle);
        var pluginOutput = new AnonymousPipeClientStream(PipeDirection.Out, fromPlugin.ClientSafePipeHandle);
        var log = new SynchronizedLog();
        var api = StubWeatherApi.Sunny();
        using var host = Build(api, log, new() { ["INSTALL_METHOD"] = "local" }, options => options.LocalStreams = (pluginInput, pluginOutput));
        var connection = new DaemonConnection(fromPlugin, toPlugin);
        connection.StartLocal();

        await host.StartAsync();
        var result = await connection.RequestAsync(DaemonConnection.InvokeTool("weather", "forecast", new JsonObject { ["city"] = "Lyon" }));
        var validation = await connection.RequestAsync(ValidateCredentials());
        Assert.True(SpinWait.SpinUntil(() => connection.Logs.Any(frame => Message(frame).Contains("Validation answered 200", StringComparison.Ordinal)), TimeSpan.FromSeconds(10)));
        await host.StopAsync();
        connection.Drop();
        await pluginInput.DisposeAsync();
        await pluginOutput.DisposeAsync();
        await connection.DisposeAsync();
        await toPlugin.DisposeAsync();
        await fromPlugin.DisposeAsync();

        Assert.Equal("sunny (?city=Lyon&units=metric)", result.Text);
        Assert.Equal([true], validation.Stream.Select(message => (bool?)message["result"] ?? false));
        var forecastLine = Assert.Single(connection.Logs, frame => Message(frame).Contains("Forecast for Lyon in metric", StringComparison.Ordinal));
        Assert.Equal("INFO", (string?)forecastLine["data"]!["level"]);
        Assert.Equal("Dify.Plugin.Hosting.GenericHost.Tests.ForecastTool: Forecast for Lyon in metric", Message(forecastLine));
        Assert.Equal(ApiKey, api.Requests.Last().Headers.GetValues("X-Api-Key").Single());
        // The HttpClient factory logs each request with its headers redacted; the key is in no log event and not on stderr.
        Assert.Contains(connection.Logs, frame => Message(frame).Contains("validate", StringComparison.Ordinal));
        Assert.DoesNotContain(connection.Logs, frame => frame.ToJsonString().Contains(ApiKey, StringComparison.Ordinal));
        Assert.DoesNotContain(ApiKey, log.Text, StringComparison.Ordinal);
        Assert.Empty(connection.ProtocolViolations);
    }

    [Fact]
    public async Task Each_request_disposes_its_tool_and_provider_once_the_host_what_it_made_and_the_scope_what_the_container_made()
    {
        await using var daemon = new FakeDaemon("debug-key");
        using var host = Build(StubWeatherApi.Sunny(), new SynchronizedLog(), new()
        {
            ["INSTALL_METHOD"] = "remote",
            ["REMOTE_INSTALL_URL"] = $"127.0.0.1:{daemon.Port}",
            ["REMOTE_INSTALL_KEY"] = daemon.Key,
        });
        var toolsBefore = ForecastTool.Invoked.Count;
        var providersBefore = WeatherProvider.Validated.Count;

        await host.StartAsync();
        await using var connection = await daemon.NextConnectionAsync();
        var forecasts = new[]
        {
            await connection.RequestAsync(DaemonConnection.InvokeTool("weather", "forecast", new JsonObject { ["city"] = "Oslo" })),
            await connection.RequestAsync(DaemonConnection.InvokeTool("weather", "forecast", new JsonObject { ["city"] = "Bergen" })),
        };
        var validation = await connection.RequestAsync(ValidateCredentials());
        await host.StopAsync();

        Assert.All(forecasts, result => Assert.Empty(result.Errors));
        Assert.Empty(validation.Errors);
        // The typed client tool came from the container: its scope disposed it, and the host did not do so again.
        var tools = ForecastTool.Invoked.Skip(toolsBefore).ToArray();
        Assert.Equal(2, tools.Length);
        Assert.All(tools, tool => Assert.Equal(1, tool.Disposals));
        // The provider is no service: the host made it with its constructor, so the host disposed it.
        var provider = Assert.Single(WeatherProvider.Validated.Skip(providersBefore));
        Assert.Equal(1, provider.Disposals);
    }

    [Fact]
    public async Task Stopping_the_application_lets_the_running_request_finish_and_refuses_new_ones()
    {
        await using var daemon = new FakeDaemon("debug-key");
        var (api, reached, release) = GatedForParis();
        using var host = Build(api, new SynchronizedLog(), RemoteSettings(daemon));

        await host.StartAsync();
        await using var connection = await daemon.NextConnectionAsync();
        var paris = connection.RequestAsync(DaemonConnection.InvokeTool("weather", "forecast", new JsonObject { ["city"] = "Paris" }));
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var stopping = host.StopAsync();

        // Requests keep being served until the host has begun to stop; from then on they are refused.
        SessionResult? refused = null;
        for (var attempt = 0; attempt < 100 && refused is null; attempt++)
        {
            var rome = await connection.RequestAsync(DaemonConnection.InvokeTool("weather", "forecast", new JsonObject { ["city"] = "Rome" }));
            refused = rome.Errors.Count > 0 ? rome : null;
        }

        var stoppedEarly = stopping.IsCompleted;
        release.SetResult();
        var result = await paris;
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("PluginStoppingError", (string?)Assert.Single(refused!.Errors)["error_type"]);
        Assert.True(refused.Ended);
        Assert.False(stoppedEarly);
        Assert.Empty(result.Errors);
        Assert.Equal("sunny (?city=Paris&units=metric)", result.Text);
    }

    [Fact]
    public async Task A_request_still_running_after_the_shutdown_timeout_is_aborted_with_an_error()
    {
        await using var daemon = new FakeDaemon("debug-key");
        var (api, reached, release) = GatedForParis();
        var log = new SynchronizedLog();
        using var host = Build(api, log, RemoteSettings(daemon), shutdownTimeout: TimeSpan.FromMilliseconds(300));

        await host.StartAsync();
        await using var connection = await daemon.NextConnectionAsync();
        var paris = connection.RequestAsync(DaemonConnection.InvokeTool("weather", "forecast", new JsonObject { ["city"] = "Paris" }));
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await host.StopAsync();
        var stoppedAfter = stopwatch.Elapsed;
        var result = await paris;
        release.SetResult();

        // The shutdown timeout, then at most the host's second for a tool that ignores its token.
        Assert.InRange(stoppedAfter, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
        Assert.True(result.Ended);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("PluginStoppedError", "The plugin was stopped while the request was running."), ((string?)error["error_type"], (string?)error["message"]));
    }

    [Fact]
    public async Task Stopping_the_application_cancels_an_invoke_from_the_command_line_at_once()
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var api = new StubWeatherApi(async (_, cancellationToken) =>
        {
            reached.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        });
        using var output = new StringWriter();
        using var host = Build(api, new SynchronizedLog(), [], options => options.Output = output, ["invoke", "forecast", "--param", "city=Oslo"]);

        await host.StartAsync();
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await host.StopAsync();

        // Not the 30 s of the default shutdown timeout: one invocation has nothing to finish gracefully.
        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    /// <summary>The weather API, holding a request for Paris until released (and ignoring its cancellation token, as a stuck call would).</summary>
    private static (StubWeatherApi Api, TaskCompletionSource Reached, TaskCompletionSource Release) GatedForParis()
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var api = new StubWeatherApi(request =>
        {
            if (request.RequestUri!.Query.Contains("Paris", StringComparison.Ordinal))
            {
                reached.TrySetResult();
                release.Task.Wait(TimeSpan.FromSeconds(30));
            }

            return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent($"sunny ({request.RequestUri.Query})") };
        });
        return (api, reached, release);
    }

    private static Dictionary<string, string?> RemoteSettings(FakeDaemon daemon) => new()
    {
        ["INSTALL_METHOD"] = "remote",
        ["REMOTE_INSTALL_URL"] = $"127.0.0.1:{daemon.Port}",
        ["REMOTE_INSTALL_KEY"] = daemon.Key,
    };

    [Fact]
    public async Task A_service_nobody_registered_stops_the_host_at_start_naming_the_tool_the_parameter_and_its_type()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["INSTALL_METHOD"] = "local" });
        builder.AddDifyPlugin(DifyPlugin.Registration, options => options.Args = []);
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Equal(
            [
                "Provider 'weather' (Dify.Plugin.Hosting.GenericHost.Tests.WeatherProvider) takes a System.Net.Http.IHttpClientFactory (constructor parameter 'clients'), and the service container has none: register a System.Net.Http.IHttpClientFactory in the service collection.",
                "Tool 'forecast' (Dify.Plugin.Hosting.GenericHost.Tests.ForecastTool) takes a System.Net.Http.HttpClient (constructor parameter 'http'), and the service container has none: register a typed client for the class (builder.Services.AddHttpClient<ForecastTool>()).",
            ],
            exception.Message.Split(Environment.NewLine));
    }

    [Fact]
    public async Task The_one_line_default_refuses_to_start_a_plugin_whose_classes_need_services()
    {
        var log = new StringWriter();

        var exit = await PluginHost.RunAsync(DifyPlugin.Registration, [], new PluginHostOptions
        {
            Log = log,
            Environment = new Dictionary<string, string?> { ["INSTALL_METHOD"] = "local" },
            LocalStreams = (new MemoryStream(), new MemoryStream()),
        });

        Assert.Equal(1, exit);
        Assert.StartsWith(
            "error: Provider 'weather' (Dify.Plugin.Hosting.GenericHost.Tests.WeatherProvider) takes services in its constructor (System.Net.Http.IHttpClientFactory clients, Microsoft.Extensions.Logging.ILogger<Dify.Plugin.Hosting.GenericHost.Tests.WeatherProvider> logger), but the plugin runs without a service container. "
            + "Tool 'forecast' (Dify.Plugin.Hosting.GenericHost.Tests.ForecastTool) takes services in its constructor (System.Net.Http.HttpClient http, Microsoft.Extensions.Logging.ILogger<Dify.Plugin.Hosting.GenericHost.Tests.ForecastTool> logger, Microsoft.Extensions.Options.IOptions<Dify.Plugin.Hosting.GenericHost.Tests.WeatherOptions> options), but the plugin runs without a service container. Host it with the Dify.Plugin.Hosting package",
            log.ToString());
    }

    [Fact]
    public async Task Invoke_runs_the_tool_from_the_container_and_the_application_exits_with_its_code()
    {
        var log = new SynchronizedLog();
        var output = new StringWriter();
        using var host = Build(StubWeatherApi.Sunny(), log, [], options => options.Output = output, ["invoke", "forecast", "--param", "city=Oslo"]);

        await host.StartAsync();
        await host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("""{"type":"text","message":{"text":"sunny (?city=Oslo&units=metric)"},"meta":null}""", output.ToString().Trim());
        Assert.Contains("Forecast for Oslo in metric", log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dot_env_reaches_options_and_settings_below_the_configuration_added_after_it()
    {
        var dotEnv = Path.GetTempFileName();
        await File.WriteAllLinesAsync(dotEnv, ["Weather__Units=kelvin", "HEARTBEAT_INTERVAL=\"59\"", "INSTALL_METHOD=remote"]);
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
            builder.AddDifyPlugin(DifyPlugin.Registration, options => options.DotEnvPath = dotEnv);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["INSTALL_METHOD"] = "local" });
            builder.AddWeather(StubWeatherApi.Sunny());
            using var host = builder.Build();

            var configuration = host.Services.GetRequiredService<IConfiguration>();
            Assert.Equal("kelvin", host.Services.GetRequiredService<IOptions<WeatherOptions>>().Value.Units);
            Assert.Equal("59", configuration["HEARTBEAT_INTERVAL"]);
            Assert.Equal("local", configuration["INSTALL_METHOD"]);
        }
        finally
        {
            File.Delete(dotEnv);
        }
    }

    [Fact]
    public async Task A_unit_test_replaces_the_HttpClient_handler_and_runs_the_tool_without_a_host()
    {
        var api = new StubWeatherApi(_ => new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent("rain") });
        var tool = new ForecastTool(new HttpClient(api) { BaseAddress = new Uri("https://stub/") }, NullLogger<ForecastTool>.Instance, Options.Create(new WeatherOptions { Units = "metric" }));

        var messages = await new TestSession().RunToolAsync(tool, """{"city":"Nice"}""");

        Assert.Equal("rain", Assert.Single(messages).Text);
        Assert.Equal("https://stub/forecast?city=Nice&units=metric", Assert.Single(api.Requests).RequestUri!.AbsoluteUri);
    }

    [Fact]
    public void Entries_outside_a_running_host_go_to_the_fallback_writer_never_to_standard_output()
    {
        var fallback = new StringWriter();
        using var provider = new DifyLoggerProvider(fallback);

        provider.CreateLogger("Startup").LogWarning("Nothing is running yet");

        Assert.Matches(@"^\d\d:\d\d:\d\d WARNING Startup: Nothing is running yet\r?\n$", fallback.ToString());
    }

    private static IHost Build(StubWeatherApi api, SynchronizedLog log, Dictionary<string, string?> settings, Action<PluginHostOptions>? configure = null, string[]? args = null, TimeSpan? shutdownTimeout = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.AddDifyPlugin(DifyPlugin.Registration, options =>
        {
            options.Args = args ?? [];
            options.DotEnvPath = Path.Combine(AppContext.BaseDirectory, "no.env");
            options.ConfigureHost = host =>
            {
                host.Log = log;
                host.ReconnectDelay = TimeSpan.FromMilliseconds(100);
                configure?.Invoke(host);
            };
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings) { ["HEARTBEAT_INTERVAL"] = "0.05" });
        builder.AddWeather(api);
        if (shutdownTimeout is { } timeout)
        {
            builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = timeout);
        }

        return builder.Build();
    }

    private static JsonObject ValidateCredentials() => new()
    {
        ["user_id"] = "user-1",
        ["type"] = "tool",
        ["action"] = "validate_tool_credentials",
        ["provider"] = "weather",
        ["credentials"] = new JsonObject { ["api_key"] = ApiKey },
    };

    private static string Message(JsonObject frame) => (string?)frame["data"]?["message"] ?? "";
}
