using Dify.Plugin.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds a Dify plugin to a service collection.</summary>
public static class DifyPluginServiceCollectionExtensions
{
    /// <summary>
    /// Serves the plugin (its generated <c>DifyPlugin.Registration</c>) as a hosted service: tools and providers are
    /// created per request from a service scope, with their constructor's services; <c>ILogger</c> entries become
    /// Dify's plugin logs. The console logger is removed: in local mode standard output carries Dify's protocol.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="registration">The plugin: <c>DifyPlugin.Registration</c>.</param>
    /// <param name="configure">Adjusts how the plugin runs.</param>
    public static IServiceCollection AddDifyPlugin(this IServiceCollection services, PluginRegistration registration, Action<DifyPluginHostingOptions>? configure = null)
    {
        var options = new DifyPluginHostingOptions();
        configure?.Invoke(options);
        return services.AddDifyPlugin(registration, options);
    }

    /// <summary>The same with the options already made.</summary>
    internal static IServiceCollection AddDifyPlugin(this IServiceCollection services, PluginRegistration registration, DifyPluginHostingOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(registration);
        services.AddSingleton(registration);
        services.AddSingleton(options);
        services.AddHostedService<DifyPluginHostedService>();
        services.AddLogging();
        // "Application started. Press Ctrl+C" is for a console; under Dify's daemon it would only be noise in the plugin's logs.
        services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        services.RemoveAll(descriptor => descriptor.ServiceType == typeof(ILoggerProvider) && descriptor.ImplementationType == typeof(ConsoleLoggerProvider));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, DifyLoggerProvider>(_ => new DifyLoggerProvider()));
        return services;
    }

    private static void RemoveAll(this IServiceCollection services, Func<ServiceDescriptor, bool> match)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (match(services[i]))
            {
                services.RemoveAt(i);
            }
        }
    }
}
