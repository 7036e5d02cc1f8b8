using Microsoft.Extensions.DependencyInjection;

namespace Dify.Plugin.Hosting;

/// <summary>Checks at start-up that the container can create every tool and provider class the registration names.</summary>
internal static class ServiceCheck
{
    /// <summary>One message per required constructor parameter that no registered service fills; empty when all are.</summary>
    public static List<string> Problems(PluginRegistration registration, IServiceProviderIsService? isService)
    {
        var problems = new List<string>();
        if (isService is null)
        {
            // A container that cannot say what it holds: each request reports what it lacks instead.
            return problems;
        }

        foreach (var provider in registration.Providers)
        {
            Check(provider.ValidatorDependencies);
            foreach (var tool in provider.Tools.Where(tool => tool.Create is not null))
            {
                Check(tool.Dependencies);
            }
        }

        return problems;

        void Check(ToolDependencies dependencies)
        {
            // A class the application registered itself (a typed HttpClient, say) is created as registered.
            if (!dependencies.RequiresServices || isService.IsService(dependencies.ClassType))
            {
                return;
            }

            foreach (var parameter in dependencies.Parameters.Where(parameter => !parameter.IsOptional && !isService.IsService(parameter.ServiceType)))
            {
                problems.Add(ToolActivation.MissingService(dependencies.Owner, parameter.TypeName, parameter.Name, withoutContainer: false));
            }
        }
    }
}
