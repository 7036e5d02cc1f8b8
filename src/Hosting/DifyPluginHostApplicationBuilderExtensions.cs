using Dify.Plugin.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>Adds a Dify plugin to an application builder (<c>Host.CreateApplicationBuilder(args)</c>).</summary>
public static class DifyPluginHostApplicationBuilderExtensions
{
    /// <summary>
    /// Serves the plugin as a hosted service (<c>builder.Services.AddDifyPlugin</c>) and
    /// adds <c>.env</c> to the configuration, below the environment variables as in the Python SDK, so that the SDK's
    /// settings and your own options (<c>Weather__BaseUrl=...</c>) come from either.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="registration">The plugin: <c>DifyPlugin.Registration</c>.</param>
    /// <param name="configure">Adjusts how the plugin runs.</param>
    public static IHostApplicationBuilder AddDifyPlugin(this IHostApplicationBuilder builder, PluginRegistration registration, Action<DifyPluginHostingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new DifyPluginHostingOptions();
        configure?.Invoke(options);
        var dotEnv = new DotEnvConfigurationSource { Path = options.DotEnvPath };
        var sources = builder.Configuration.Sources;
        var environment = sources.ToList().FindIndex(source => source is EnvironmentVariablesConfigurationSource { Prefix: null or "" });
        if (environment >= 0)
        {
            sources.Insert(environment, dotEnv);
        }
        else
        {
            sources.Add(dotEnv);
        }

        builder.Services.AddDifyPlugin(registration, options);
        return builder;
    }
}
