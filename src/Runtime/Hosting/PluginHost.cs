using System.Net.Sockets;
using Dify.Plugin.Invocation;

namespace Dify.Plugin.Hosting;

/// <summary>Settings of <see cref="PluginHost"/> beyond the environment.</summary>
public sealed class PluginHostOptions
{
    /// <summary>Where the host writes what it does when the daemon does not take logs (remote mode, <c>invoke</c>); standard error by default.</summary>
    public TextWriter? Log { get; set; }

    /// <summary>Variables to read instead of the process environment (for tests).</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; set; }

    /// <summary>The <c>.env</c> file; <c>.env</c> in the current directory when null.</summary>
    public string? DotEnvPath { get; set; }

    /// <summary>Where the files under <c>_assets/</c> are; <c>_assets</c> beside the program by default.</summary>
    public string? AssetDirectory { get; set; }

    /// <summary>How many times to reconnect after a dropped remote connection (the SDK's 3).</summary>
    public int ReconnectAttempts { get; set; } = 3;

    /// <summary>How long to wait between reconnections (the SDK's 5 s).</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Standard input and output for local mode; the console's by default (for tests).</summary>
    public (Stream Input, Stream Output)? LocalStreams { get; set; }

    /// <summary>Lines from the daemon longer than this are skipped (64 MiB by default).</summary>
    public int MaxIncomingLineBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// How many frames of one backwards invocation (an LLM stream's chunks, say) may wait unread by the tool before the
    /// host stops reading from Dify until the tool catches up; 128 by default.
    /// </summary>
    public int MaxQueuedFramesPerInvocation { get; set; } = HostSession.DefaultMaxQueuedFrames;

    /// <summary>
    /// The application's services (Dify.Plugin.Hosting sets them): each request gets a scope of them, from which the
    /// generated code creates the tool or provider class with its constructor's services. Null: no container, and every
    /// class must have a constructor without required parameters.
    /// </summary>
    public IServiceProvider? Services { get; set; }

    /// <summary>
    /// Asks the host to stop gracefully: once cancelled, it refuses new requests (each gets a <c>PluginStoppingError</c>
    /// and its end), goes on serving the running ones, their backwards invocations included, and returns when they have
    /// ended. Cancelling the token given to <see cref="PluginHost.RunAsync"/> stops at once instead, aborting what runs.
    /// Dify.Plugin.Hosting cancels this one when the application stops, and the other when the host's
    /// <c>ShutdownTimeout</c> has passed.
    /// </summary>
    public CancellationToken StoppingToken { get; set; }

    /// <summary>Where <c>invoke</c> writes the tool's messages; standard output by default.</summary>
    public TextWriter? Output { get; set; }

    /// <summary>
    /// Development backends for <c>invoke --backend &lt;name&gt;</c>, by name. The built-in deterministic one
    /// (<c>builtin</c>) is always there; <c>Dify.Plugin.Development</c> adds <c>openai</c>.
    /// </summary>
    public IDictionary<string, Func<DevelopmentBackendSettings, IBackwardsInvocationTransport>> DevelopmentBackends { get; } =
        new Dictionary<string, Func<DevelopmentBackendSettings, IBackwardsInvocationTransport>>(StringComparer.OrdinalIgnoreCase);
}

/// <summary>The registration was refused by the daemon or could not be completed.</summary>
public sealed class PluginRegistrationException(string message) : Exception(message);

/// <summary>
/// Runs a plugin: <c>return await DifyPlugin.RunAsync(args);</c> in <c>Program.cs</c> (the generated
/// <c>DifyPlugin</c> calls this). Without arguments it connects to Dify as <c>INSTALL_METHOD</c> says; with
/// <c>invoke &lt;tool&gt; --param name=value</c> it runs one tool in-process against a development backend.
/// </summary>
public static class PluginHost
{
    /// <summary>Runs the plugin and returns the process exit code.</summary>
    public static async Task<int> RunAsync(PluginRegistration registration, string[] args, PluginHostOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(args);
        options ??= new PluginHostOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxQueuedFramesPerInvocation, 1, nameof(options));
        var log = options.Log ?? Console.Error;
        if (options.Services is null && ToolActivation.NeedingContainer(registration).ToList() is { Count: > 0 } needing)
        {
            await log.WriteLineAsync($"error: {string.Join(" ", needing)} {ToolActivation.WithContainer}").ConfigureAwait(false);
            return 1;
        }

        if (args.Length > 0 && args[0] is "invoke" or "--help" or "-h" or "help")
        {
            // One invocation from the command line: a graceful stop (Ctrl+C under the generic host) has nothing to wait for.
            using var invocation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, options.StoppingToken);
            return await DevelopmentRunner.RunAsync(registration, args, options, invocation.Token).ConfigureAwait(false);
        }

        try
        {
            var settings = PluginSettings.Load(options.Environment, options.DotEnvPath);
            return settings.InstallMethod == InstallMethod.Remote
                ? await RunRemoteAsync(registration, settings, options, log, cancellationToken).ConfigureAwait(false)
                : await RunLocalAsync(registration, settings, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is PluginConfigurationException or PluginRegistrationException)
        {
            await log.WriteLineAsync("error: " + exception.Message).ConfigureAwait(false);
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || options.StoppingToken.IsCancellationRequested)
        {
            return 0;
        }
    }

    private static async Task<int> RunLocalAsync(PluginRegistration registration, PluginSettings settings, PluginHostOptions options, CancellationToken cancellationToken)
    {
        var (input, output) = options.LocalStreams ?? (Console.OpenStandardInput(), Console.OpenStandardOutput());
        await using var connection = new LineConnection(input, output, ownsStreams: options.LocalStreams is null, options.MaxIncomingLineBytes);
        await using var log = QueuedLog.ToDaemon(connection);
        using var console = ConsoleToLog.Route(log, ownsConsole: options.LocalStreams is null);
        using var hostLog = PluginHostLog.Enter(log);
        var server = new PluginServer(connection, registration, settings, log, awaitsRegistrationAnswer: false, options.MaxQueuedFramesPerInvocation, options.Services);
        // Local mode has no registration to refuse, so every way the connection ends (stdin closed, stopped) is normal.
        await server.RunAsync(cancellationToken, options.StoppingToken).ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> RunRemoteAsync(PluginRegistration registration, PluginSettings settings, PluginHostOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        await using var textLog = QueuedLog.ToText(log);
        using var hostLog = PluginHostLog.Enter(textLog);
        var assets = LoadAssets(registration, options);
        var attempt = 0;

        // Connecting and waiting to reconnect end with a graceful stop too: no request runs then.
        using var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, options.StoppingToken);
        while (true)
        {
            using var client = new TcpClient { NoDelay = true };
            try
            {
                await client.ConnectAsync(settings.RemoteHost, settings.RemotePort, connecting.Token).ConfigureAwait(false);
            }
            catch (SocketException exception)
            {
                if (++attempt > options.ReconnectAttempts)
                {
                    throw new PluginRegistrationException(
                        $"Could not connect to Dify's plugin daemon at {settings.RemoteHost}:{settings.RemotePort} ({exception.Message}). "
                        + "Check REMOTE_INSTALL_URL (or REMOTE_INSTALL_HOST and REMOTE_INSTALL_PORT) against the address on Dify's Plugins → Debug page, and that the daemon's debug port is reachable.");
                }

                textLog.Write("WARNING", $"Could not connect to {settings.RemoteHost}:{settings.RemotePort}; retrying in {options.ReconnectDelay.TotalSeconds:0.#} s ({attempt}/{options.ReconnectAttempts}).");
                await Task.Delay(options.ReconnectDelay, connecting.Token).ConfigureAwait(false);
                continue;
            }

            var stream = client.GetStream();
            ServerExit exit;
            string? rejection;
            bool worked;
            await using (var connection = new LineConnection(stream, stream, ownsStreams: false, options.MaxIncomingLineBytes))
            {
                try
                {
                    await RegisterAsync(connection, registration, settings, assets, cancellationToken).ConfigureAwait(false);
                }
                catch (IOException exception)
                {
                    textLog.Write("WARNING", $"The daemon closed the connection during registration: {exception.Message}");
                }

                textLog.Write("INFO", $"Registered with Dify's daemon at {settings.RemoteHost}:{settings.RemotePort}; waiting for requests.");
                var server = new PluginServer(connection, registration, settings, textLog, awaitsRegistrationAnswer: true, options.MaxQueuedFramesPerInvocation, options.Services);
                exit = await server.RunAsync(cancellationToken, options.StoppingToken).ConfigureAwait(false);
                rejection = server.RejectionMessage;
                worked = server.ReceivedAny;
            }

            if (worked)
            {
                // A connection that served requests counts as a success: the retries start again.
                attempt = 0;
            }

            switch (exit)
            {
                case ServerExit.Stopped:
                case ServerExit.Disconnected when options.StoppingToken.IsCancellationRequested:
                    return 0;
                case ServerExit.Rejected:
                    throw new PluginRegistrationException(ExplainRejection(rejection ?? ""));
                case ServerExit.Disconnected when ++attempt > options.ReconnectAttempts:
                    throw new PluginRegistrationException($"The connection to Dify's daemon was lost and {options.ReconnectAttempts} reconnections failed.");
            }

            textLog.Write("WARNING", $"The connection to Dify's daemon was lost; reconnecting in {options.ReconnectDelay.TotalSeconds:0.#} s ({attempt}/{options.ReconnectAttempts}).");
            await Task.Delay(options.ReconnectDelay, connecting.Token).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The registration sequence: handshake, manifest, one tool declaration with every provider, the icons in chunks of 8192
    /// bytes, end. Nothing else (no heartbeat, no log) may go out before end.
    /// </summary>
    private static async Task RegisterAsync(LineConnection connection, PluginRegistration registration, PluginSettings settings, IReadOnlyList<(string Name, byte[] Bytes)> assets, CancellationToken cancellationToken)
    {
        await connection.WriteLineAsync(PluginMessages.Handshake(settings.RemoteKey!), cancellationToken).ConfigureAwait(false);
        await connection.WriteLineAsync(PluginMessages.Registration("manifest_declaration", registration.ManifestDeclaration), cancellationToken).ConfigureAwait(false);
        if (registration.Providers.Count > 0)
        {
            // One message with every provider: the daemon answers a second tool_declaration by closing the connection.
            await connection.WriteLineAsync(PluginMessages.Registration("tool_declaration", registration.ToolDeclaration()), cancellationToken).ConfigureAwait(false);
        }

        foreach (var (name, bytes) in assets)
        {
            for (var offset = 0; offset < bytes.Length || offset == 0; offset += PluginMessages.BlobChunkBytes)
            {
                var length = Math.Min(PluginMessages.BlobChunkBytes, bytes.Length - offset);
                var end = offset + length >= bytes.Length;
                await connection.WriteLineAsync(PluginMessages.AssetChunk(name, bytes.AsMemory(offset, length), end), cancellationToken).ConfigureAwait(false);
                if (end)
                {
                    break;
                }
            }
        }

        await connection.WriteLineAsync(PluginMessages.EndRegistration(), cancellationToken).ConfigureAwait(false);
    }

    private static List<(string Name, byte[] Bytes)> LoadAssets(PluginRegistration registration, PluginHostOptions options)
    {
        var directory = options.AssetDirectory ?? Path.Combine(AppContext.BaseDirectory, "_assets");
        var assets = new List<(string, byte[])>();
        foreach (var name in registration.Assets)
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path))
            {
                throw new PluginRegistrationException(
                    $"The icon '{name}' the manifests reference is not at {path}; Dify's daemon refuses a plugin whose icons are missing. Put it under _assets/ in the project.");
            }

            assets.Add((name, File.ReadAllBytes(path)));
        }

        return assets;
    }

    private static string ExplainRejection(string message)
    {
        var hint = message.Contains("key", StringComparison.OrdinalIgnoreCase)
            ? " The debug key is wrong or expired (keys expire after two hours): copy a new one from Dify's Plugins → Debug page into REMOTE_INSTALL_KEY."
            : message.Contains("manifest", StringComparison.OrdinalIgnoreCase) || message.Contains("register", StringComparison.OrdinalIgnoreCase)
                ? " Dify's daemon refused the declarations; the build's DIFY1xxx warnings point at the manifest lines to fix."
                : "";
        return $"Dify's daemon refused the plugin: {LogText.Escape(message.Trim(), 500)}.{hint}";
    }
}
