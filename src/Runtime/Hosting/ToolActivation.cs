using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;

namespace Dify.Plugin.Hosting;

/// <summary>A constructor parameter of a tool or provider class that the service container fills.</summary>
/// <param name="ServiceType">The parameter's type, the service asked for.</param>
/// <param name="TypeName">The type as C# writes it (<c>System.Net.Http.HttpClient</c>), for messages.</param>
/// <param name="Name">The parameter's name.</param>
/// <param name="IsOptional">Whether it has a default value or is nullable, so that a missing service is no error.</param>
public sealed record ServiceParameter(Type ServiceType, string TypeName, string Name, bool IsOptional);

/// <summary>
/// What the constructor of a <c>[DifyTool]</c> or <c>[DifyToolProvider]</c> class takes from the service container, as
/// the generator read it at compile time; the host checks it at start-up, before any request.
/// </summary>
/// <param name="Owner">The class as messages name it, such as <c>Tool 'weather' (MyPlugin.WeatherTool)</c>.</param>
/// <param name="ClassType">The class.</param>
/// <param name="Parameters">The constructor's parameters, in order.</param>
public sealed record ToolDependencies(string Owner, Type ClassType, IReadOnlyList<ServiceParameter> Parameters)
{
    /// <summary>A class created with its parameterless constructor.</summary>
    public static ToolDependencies None { get; } = new("", typeof(object), []);

    /// <summary>Whether the class cannot be created without a service container.</summary>
    public bool RequiresServices => Parameters.Any(parameter => !parameter.IsOptional);

    /// <summary>The parameters as C# writes them: <c>System.Net.Http.HttpClient http, ...</c>.</summary>
    public string DescribeParameters() => string.Join(", ", Parameters.Select(parameter => $"{parameter.TypeName} {parameter.Name}"));
}

/// <summary>
/// Creates tool and provider classes from a service provider without reflection: the generator writes each class's
/// constructor call, and calls these helpers for its arguments. Not for direct use.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ToolActivation
{
    /// <summary>The class itself when the application registered it (such as <c>AddHttpClient&lt;WeatherTool&gt;()</c>, a typed client); else null.</summary>
    /// <typeparam name="TClass">The tool or provider class.</typeparam>
    public static TClass? Registered<TClass>(IServiceProvider services)
        where TClass : class
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetService(typeof(TClass)) as TClass;
    }

    /// <summary>A constructor argument that must come from the container.</summary>
    /// <typeparam name="TService">The parameter's type.</typeparam>
    /// <param name="services">The request's services.</param>
    /// <param name="owner">The class as messages name it.</param>
    /// <param name="typeName">The parameter's type as C# writes it.</param>
    /// <param name="parameterName">The parameter's name.</param>
    /// <exception cref="InvalidOperationException">The container has no such service; the message names the class, the parameter and what to register.</exception>
    public static TService Required<TService>(IServiceProvider services, string owner, string typeName, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetService(typeof(TService)) is TService service
            ? service
            : throw new InvalidOperationException(MissingService(owner, typeName, parameterName, services is EmptyServices));
    }

    /// <summary>A constructor argument with a default: the container's service, or <paramref name="fallback"/>.</summary>
    /// <typeparam name="TService">The parameter's type.</typeparam>
    public static TService Optional<TService>(IServiceProvider services, TService fallback)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetService(typeof(TService)) is TService service ? service : fallback;
    }

    /// <summary>The message for a constructor parameter no service fills: the class, the parameter, its type and what to register.</summary>
    /// <param name="owner">The class as messages name it, <c>Tool 'weather' (MyPlugin.WeatherTool)</c>.</param>
    /// <param name="typeName">The parameter's type as C# writes it.</param>
    /// <param name="parameterName">The parameter's name.</param>
    /// <param name="withoutContainer">Whether the plugin runs without a service container at all.</param>
    public static string MissingService(string owner, string typeName, string parameterName, bool withoutContainer)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var open = owner.LastIndexOf('(');
        var className = open >= 0 && owner.EndsWith(')') ? owner[(open + 1)..^1] : owner;
        className = className[(className.LastIndexOf('.') + 1)..];
        var register = typeName == "System.Net.Http.HttpClient"
            ? $"register a typed client for the class (builder.Services.AddHttpClient<{className}>())"
            : $"register a {typeName} in the service collection";
        return withoutContainer
            ? $"{owner} takes a {typeName} (constructor parameter '{parameterName}'), but the plugin runs without a service container. {WithContainer}"
            : $"{owner} takes a {typeName} (constructor parameter '{parameterName}'), and the service container has none: {register}.";
    }

    /// <summary>How to give a plugin a container.</summary>
    internal const string WithContainer =
        "Host it with the Dify.Plugin.Hosting package: var builder = Host.CreateApplicationBuilder(args); builder.AddDifyPlugin(DifyPlugin.Registration); "
        + "register the services; await builder.Build().RunAsync();";

    /// <summary>
    /// The classes that cannot be created without a container: their messages, one per class. The one-line
    /// <c>DifyPlugin.RunAsync</c> refuses to start with any, instead of failing on the first request.
    /// </summary>
    internal static IEnumerable<string> NeedingContainer(PluginRegistration registration)
    {
        foreach (var provider in registration.Providers)
        {
            if (provider.ValidatorDependencies.RequiresServices)
            {
                yield return Describe(provider.ValidatorDependencies);
            }

            foreach (var tool in provider.Tools.Where(tool => tool.Create is not null && tool.Dependencies.RequiresServices))
            {
                yield return Describe(tool.Dependencies);
            }
        }

        static string Describe(ToolDependencies dependencies) =>
            $"{dependencies.Owner} takes services in its constructor ({dependencies.DescribeParameters()}), but the plugin runs without a service container.";
    }

    /// <summary>One request's services: a scope of <paramref name="root"/>, or the empty provider when there is no container.</summary>
    internal static RequestActivation BeginRequest(IServiceProvider? root) =>
        root?.GetService(typeof(IServiceScopeFactory)) is IServiceScopeFactory factory
            ? new RequestActivation(factory.CreateAsyncScope())
            : new RequestActivation(root ?? EmptyServices.Instance);

    /// <summary>
    /// What one request creates, and ends with it: the tool or provider it made, then its scope. The host disposes an
    /// instance it created with the class's constructor (as the generic host does objects its activator makes), and
    /// leaves one the container handed out (a registered class, such as a typed <c>HttpClient</c>) to the scope, which
    /// disposes it once.
    /// </summary>
    internal sealed class RequestActivation : IAsyncDisposable
    {
        private readonly AsyncServiceScope? _scope;
        private object? _owned;

        public RequestActivation(AsyncServiceScope scope)
        {
            _scope = scope;
            Services = scope.ServiceProvider;
        }

        public RequestActivation(IServiceProvider services) => Services = services;

        /// <summary>The request's services, for the generated constructor calls.</summary>
        public IServiceProvider Services { get; }

        /// <summary>Ends <paramref name="instance"/> with the request unless the container made it; returns it.</summary>
        [return: NotNullIfNotNull(nameof(instance))]
        public T? Own<T>(T? instance)
            where T : class
        {
            if (instance is IAsyncDisposable or IDisposable
                && !(Services.GetService(typeof(IServiceProviderIsService)) is IServiceProviderIsService container && container.IsService(instance.GetType())))
            {
                _owned = instance;
            }

            return instance;
        }

        public async ValueTask DisposeAsync()
        {
            if (_owned is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            }
            else if (_owned is IDisposable disposable)
            {
                disposable.Dispose();
            }

            if (_scope is { } scope)
            {
                await scope.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The provider of a plugin without a container: it has no services but itself.</summary>
    internal sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => serviceType == typeof(IServiceProvider) ? this : null;
    }
}
