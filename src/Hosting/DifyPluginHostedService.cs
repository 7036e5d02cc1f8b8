using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dify.Plugin.Hosting;

/// <summary>
/// Serves the plugin while the application runs: <see cref="PluginHost"/> with the container's services and the
/// configuration's settings. When the plugin stops on its own (the daemon closed standard input, a refused
/// registration, <c>invoke</c> done) the application stops with the plugin's exit code; when the application stops
/// (Ctrl+C, SIGTERM) the plugin's token is cancelled and the running requests get the host's grace to finish.
/// </summary>
internal sealed partial class DifyPluginHostedService(
    PluginRegistration registration,
    DifyPluginHostingOptions options,
    IServiceProvider services,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    ILogger<DifyPluginHostedService> logger) : BackgroundService
{
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
        };
        options.ConfigureHost?.Invoke(hostOptions);
        var args = options.Args?.ToArray() ?? Environment.GetCommandLineArgs()[1..];
        int exitCode;
        try
        {
            exitCode = await PluginHost.RunAsync(registration, args, hostOptions, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
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
}
