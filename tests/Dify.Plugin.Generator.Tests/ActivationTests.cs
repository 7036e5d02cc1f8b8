using System.Reflection;
using System.Runtime.Loader;
using Dify.Plugin.Generator.Tests.Infrastructure;
using Dify.Plugin.Hosting;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Dify.Plugin.Generator.Tests;

/// <summary>
/// The registry creates tool and provider classes through their constructors with arguments from a service provider:
/// generated code (no reflection) that is compiled, loaded and run here against a hand-written provider.
/// </summary>
public sealed class ActivationTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Net.Http; using System.Runtime.CompilerServices; using System.Threading; using Dify.Plugin; namespace MyPlugin;\n";

    private const string ValidInvoke = "public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(LlmParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken) { await System.Threading.Tasks.Task.Yield(); yield break; }";

    private static readonly (string, string)[] Plugin =
    [
        ("manifest.yaml", SnapshotTests.RepositoryFile("samples/LlmTool/manifest.yaml")),
        ("provider/llm.yaml", SnapshotTests.RepositoryFile("samples/LlmTool/provider/llm.yaml")),
        ("tools/llm.yaml", SnapshotTests.RepositoryFile("samples/LlmTool/tools/llm.yaml")),
    ];

    private const string ToolWithServices = """
        [DifyTool("llm")]
        public partial class LlmTool
        {
            public LlmTool(HttpClient http, IFormatProvider? format, int retries = 3, string label = "a \"quoted\" label", DayOfWeek day = DayOfWeek.Friday, double? ratio = null)
            {
                Seen = $"{http.BaseAddress}|{format is null}|{retries}|{label}|{day}|{ratio is null}";
            }

            public string Seen { get; }

        """ + ValidInvoke + "\n}";

    [Fact]
    public void A_constructor_with_services_is_called_with_them_and_defaults_fill_what_the_provider_lacks()
    {
        var registration = Load(ToolWithServices);
        var tool = registration.Providers.Single().Tools.Single();
        var http = new HttpClient { BaseAddress = new Uri("https://api.example/") };

        var instance = tool.Create!(new Services { [typeof(HttpClient)] = http });

        Assert.Equal("https://api.example/|True|3|a \"quoted\" label|Friday|True", Seen(instance));
        Assert.Equal(["System.Net.Http.HttpClient http", "System.IFormatProvider format", "int retries", "string label", "System.DayOfWeek day", "double? ratio"],
            tool.Dependencies.Parameters.Select(parameter => $"{parameter.TypeName} {parameter.Name}"));
        Assert.Equal([false, true, true, true, true, true], tool.Dependencies.Parameters.Select(parameter => parameter.IsOptional));
        Assert.True(tool.Dependencies.RequiresServices);
        Assert.Equal("Tool 'llm' (MyPlugin.LlmTool)", tool.Dependencies.Owner);
    }

    [Fact]
    public void Services_the_provider_has_win_over_defaults()
    {
        var tool = Load(ToolWithServices).Providers.Single().Tools.Single();

        var instance = tool.Create!(new Services
        {
            [typeof(HttpClient)] = new HttpClient(),
            [typeof(IFormatProvider)] = System.Globalization.CultureInfo.InvariantCulture,
            [typeof(int)] = 7,
        });

        Assert.Equal("|False|7|a \"quoted\" label|Friday|True", Seen(instance));
    }

    [Fact]
    public void A_missing_required_service_is_an_error_naming_the_tool_the_type_and_the_parameter()
    {
        var tool = Load(ToolWithServices).Providers.Single().Tools.Single();

        var exception = Assert.Throws<InvalidOperationException>(() => tool.Create!(new Services()));

        Assert.Equal(
            "Tool 'llm' (MyPlugin.LlmTool) takes a System.Net.Http.HttpClient (constructor parameter 'http'), and the service container has none: register a typed client for the class (builder.Services.AddHttpClient<LlmTool>()).",
            exception.Message);
    }

    [Fact]
    public void A_class_the_application_registered_comes_from_the_provider_as_registered()
    {
        var assembly = Compile(ToolWithServices);
        var registration = Registration(assembly);
        var toolType = assembly.GetType("MyPlugin.LlmTool")!;
        var registered = Activator.CreateInstance(toolType, new HttpClient { BaseAddress = new Uri("https://typed.client/") }, null, 1, "x", DayOfWeek.Monday, 0.5)!;

        var instance = registration.Providers.Single().Tools.Single().Create!(new Services { [toolType] = registered });

        Assert.Same(registered, instance);
    }

    [Fact]
    public void The_constructor_marked_ActivatorUtilitiesConstructor_is_the_one_called()
    {
        var registration = Load("""
            [DifyTool("llm")]
            public partial class LlmTool
            {
                public LlmTool() => Seen = "parameterless";

                [Microsoft.Extensions.DependencyInjection.ActivatorUtilitiesConstructor]
                public LlmTool(IFormatProvider format) => Seen = "marked";

                public string Seen { get; }

            """ + ValidInvoke + "\n}");

        var instance = registration.Providers.Single().Tools.Single().Create!(new Services { [typeof(IFormatProvider)] = System.Globalization.CultureInfo.InvariantCulture });

        Assert.Equal("marked", Seen(instance));
    }

    [Fact]
    public void A_provider_class_gets_its_services_too()
    {
        var registration = Load("""
            [DifyToolProvider("llm")]
            public sealed class LlmProvider(HttpClient http) : ToolProvider
            {
                public HttpClient Http { get; } = http;

                public override System.Threading.Tasks.ValueTask ValidateCredentialsAsync(ToolCredentials credentials, CancellationToken cancellationToken) => default;
            }

            [DifyTool("llm")]
            public partial class LlmTool
            {
            """ + ValidInvoke + "\n}");
        var provider = registration.Providers.Single();
        var http = new HttpClient();

        var validator = provider.CreateValidator!(new Services { [typeof(HttpClient)] = http });

        Assert.Same(http, validator.GetType().GetProperty("Http")!.GetValue(validator));
        Assert.Equal("Provider 'llm' (MyPlugin.LlmProvider)", provider.ValidatorDependencies.Owner);
        Assert.False(provider.Tools.Single().Dependencies.RequiresServices);
    }

    private static PluginRegistration Load(string source) => Registration(Compile(source));

    private static PluginRegistration Registration(Assembly assembly) =>
        (PluginRegistration)assembly.GetType("MyPlugin.DifyPlugin")!.GetProperty("Registration")!.GetValue(null)!;

    private static Assembly Compile(string source)
    {
        var run = GeneratorHarness.Run(Plugin, [Usings + source]);
        Assert.DoesNotContain(run.GeneratorDiagnostics, diagnostic => diagnostic.Severity == DiagnosticSeverity.Error);
        using var image = new MemoryStream();
        var emitted = run.OutputCompilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        return new AssemblyLoadContext(null, isCollectible: true).LoadFromStream(image);
    }

    private static string? Seen(object instance) => (string?)instance.GetType().GetProperty("Seen")!.GetValue(instance);

    /// <summary>A provider that has exactly the services it is given.</summary>
    private sealed class Services : Dictionary<Type, object>, IServiceProvider
    {
        public object? GetService(Type serviceType) => TryGetValue(serviceType, out var service) ? service : null;
    }
}
