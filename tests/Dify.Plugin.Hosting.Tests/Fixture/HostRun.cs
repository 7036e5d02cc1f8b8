using System.IO.Pipes;
using Xunit;

namespace Dify.Plugin.Hosting.Tests.Fixture;

/// <summary>
/// The test plugin's host in this process, connected to a fake daemon: over loopback TCP after registration (remote
/// debugging) or over a pair of OS pipes standing in for stdin and stdout (local mode). Disposing it stops the host and
/// checks that it ended with 0.
/// </summary>
internal sealed class HostRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<IAsyncDisposable> _pluginSide = [];
    private readonly List<IAsyncDisposable> _owned = [];
    private Task<int> _host = Task.FromResult(0);

    private HostRun(SynchronizedLog log) => Log = log;

    public DaemonConnection Connection { get; private set; } = null!;

    /// <summary>The host's run: its exit code once it returns.</summary>
    public Task<int> Exit => _host;

    /// <summary>Cancels the host's own token: it stops at once.</summary>
    public Task StopAsync() => _stop.CancelAsync();

    /// <summary>Everything the host wrote to its log writer (standard error in a real process).</summary>
    public SynchronizedLog Log { get; }

    public static async Task<HostRun> StartAsync(Action<PluginHostOptions>? configure = null)
    {
        var daemon = new FakeDaemon("key");
        var run = new HostRun(new SynchronizedLog());
        run._owned.Add(daemon);
        var options = RemoteOptions(daemon, log: run.Log);
        configure?.Invoke(options);
        run._host = PluginHost.RunAsync(DifyPlugin.Registration, [], options, run._stop.Token);
        run.Connection = await daemon.NextConnectionAsync();
        return run;
    }

    /// <summary>Local mode: the daemon writes the plugin's stdin and reads its stdout (log events included).</summary>
    public static HostRun StartLocal(Action<PluginHostOptions>? configure = null)
    {
        var run = new HostRun(new SynchronizedLog());
        var toPlugin = new AnonymousPipeServerStream(PipeDirection.Out);
        var fromPlugin = new AnonymousPipeServerStream(PipeDirection.In);
        var pluginInput = new AnonymousPipeClientStream(PipeDirection.In, toPlugin.ClientSafePipeHandle);
        var pluginOutput = new AnonymousPipeClientStream(PipeDirection.Out, fromPlugin.ClientSafePipeHandle);
        run._pluginSide.AddRange([pluginInput, pluginOutput]);
        run._owned.AddRange([toPlugin, fromPlugin]);
        var options = new PluginHostOptions
        {
            Environment = new Dictionary<string, string?> { ["INSTALL_METHOD"] = "local", ["HEARTBEAT_INTERVAL"] = "0.05" },
            DotEnvPath = Path.Combine(AppContext.BaseDirectory, "no.env"),
            LocalStreams = (pluginInput, pluginOutput),
            Log = run.Log,
        };
        configure?.Invoke(options);
        run.Connection = new DaemonConnection(fromPlugin, toPlugin);
        run.Connection.StartLocal();
        run._host = PluginHost.RunAsync(DifyPlugin.Registration, [], options, run._stop.Token);
        return run;
    }

    public static PluginHostOptions RemoteOptions(FakeDaemon daemon, string key = "", TextWriter? log = null) => new()
    {
        Environment = new Dictionary<string, string?>
        {
            ["INSTALL_METHOD"] = "remote",
            ["REMOTE_INSTALL_URL"] = $"127.0.0.1:{daemon.Port}",
            ["REMOTE_INSTALL_KEY"] = key.Length > 0 ? key : daemon.Key,
            ["HEARTBEAT_INTERVAL"] = "0.05",
        },
        DotEnvPath = Path.Combine(AppContext.BaseDirectory, "no.env"),
        ReconnectDelay = TimeSpan.FromMilliseconds(100),
        Log = log ?? TextWriter.Null,
    };

    public static void SetEnvironment(PluginHostOptions options, string name, string value) =>
        options.Environment = new Dictionary<string, string?>(options.Environment!) { [name] = value };

    /// <summary>Every log line, from the log writer and from log events to the daemon.</summary>
    public IEnumerable<string> LogLines() =>
        Log.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Concat(Connection.Logs.Select(frame => (string?)frame["data"]?["message"] ?? frame.ToJsonString()));

    /// <summary>Whether a log line containing <paramref name="fragment"/> appears within 10 s.</summary>
    public bool WaitForLog(string fragment) =>
        SpinWait.SpinUntil(() => LogLines().Any(line => line.Contains(fragment, StringComparison.Ordinal)), TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        var exit = await _host.WaitAsync(TimeSpan.FromSeconds(10));

        // The plugin's ends first: the daemon's reader waits for the plugin's output to close.
        Connection.Drop();
        foreach (var stream in _pluginSide)
        {
            await stream.DisposeAsync();
        }

        await Connection.DisposeAsync();
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }

        _stop.Dispose();
        Assert.Equal(0, exit);
    }
}
