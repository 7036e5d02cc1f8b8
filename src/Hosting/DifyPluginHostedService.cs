using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dify.Plugin.Hosting;

/// <summary>
/// Serves the plugin while the application runs: <see cref="PluginHost"/> with the container's services and the
/// configuration's settings. When the plugin stops on its own (the daemon closed standard input, a refused
/// registration, <c>invoke</c> done) the application stops with the plugin's exit code. When the application stops
/// (Ctrl+C, SIGTERM) the plugin stops gracefully: new requests are refused and the running ones finish, for as long as
/// the host's <c>ShutdownTimeout</c> allows (30 s by default); what still runs then is aborted.
/// </summary>
internal sealed partial class DifyPluginHostedService(
    PluginRegistration registration,
    DifyPluginHostingOptions options,
    IServiceProvider services,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    ILogger<DifyPluginHostedService> logger) : BackgroundService
{
    // How long an aborted plugin host may take to end its sessions once the shutdown timeout has passed.
    private static readonly TimeSpan AbortGrace = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the first request: a tool whose constructor asks for a service nobody registered fails here, by name.
        if (ServiceCheck.Problems(registration, services.GetService<IServiceProviderIsService>()) is { Count: > 0 } problems)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var hostOptions = new PluginHostOptions
        {
            Services = services,
            // IConfiguration holds the environment (the host adds it) and .env (AddDifyPlugin adds it below the
            // environment), so settings such as REMOTE_INSTALL_KEY come from either, and appsettings.json or the
            // command line may set them too.
            Environment = Settings(configuration),
            DotEnvPath = options.DotEnvPath,
            StoppingToken = _stopping.Token,
        };
        options.ConfigureHost?.Invoke(hostOptions);
        var args = options.Args?.ToArray() ?? Environment.GetCommandLineArgs()[1..];
        int exitCode;
        try
        {
            // The host's own token stops at once; BackgroundService's, cancelled as soon as the application stops, is
            // not given to it, so that the running requests may finish (StopAsync).
            exitCode = await PluginHost.RunAsync(registration, args, hostOptions, _abort.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !(_stopping.IsCancellationRequested || _abort.IsCancellationRequested))
        {
            LogFailed(exception);
            exitCode = 1;
        }

        if (exitCode != 0)
        {
            Environment.ExitCode = exitCode;
        }

        lifetime.StopApplication();
    }

    /// <summary>
    /// Stops the plugin gracefully, and at once when <paramref name="cancellationToken"/> (the host's
    /// <c>ShutdownTimeout</c>) fires first.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            // Returns when the plugin host has returned, or when cancellationToken fires.
            await base.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (ExecuteTask is { IsCompleted: false } running)
            {
                LogAborting();
                await _abort.CancelAsync().ConfigureAwait(false);
                await running.WaitAsync(AbortGrace, CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        _stopping.Dispose();
        _abort.Dispose();
    }

    /// <summary>Every configuration value by its key, as the SDK's settings read them.</summary>
    private static Dictionary<string, string?> Settings(IConfiguration configuration)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            settings[key] = value;
        }

        return settings;
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The Dify plugin host failed.")]
    private partial void LogFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The running Dify plugin requests did not finish within the host's shutdown timeout; they are aborted.")]
    private partial void LogAborting();
}
