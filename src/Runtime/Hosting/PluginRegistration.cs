namespace Dify.Plugin.Hosting;

/// <summary>
/// A plugin as the generator captured it at compile time (the generated <c>DifyPlugin.Registration</c>): the
/// declarations Dify's daemon validates, and the classes that serve them. No YAML is read at run time.
/// </summary>
/// <param name="ManifestJson"><c>manifest.yaml</c> as the JSON of <c>manifest_declaration</c>.</param>
/// <param name="Providers">The tool providers <c>manifest.yaml</c> lists.</param>
/// <param name="Assets">The files under <c>_assets/</c> the declarations reference (icons).</param>
public sealed record PluginRegistration(string ManifestJson, IReadOnlyList<ProviderRegistration> Providers, IReadOnlyList<string> Assets)
{
    /// <summary>The provider Dify names in a request: by its <c>identity.name</c>, or the last part of <c>author/plugin/provider</c>.</summary>
    public ProviderRegistration? FindProvider(string? name)
    {
        if (name is null)
        {
            return Providers.Count == 1 ? Providers[0] : null;
        }

        var shortName = name.Contains('/', StringComparison.Ordinal) ? name[(name.LastIndexOf('/') + 1)..] : name;
        return Providers.FirstOrDefault(provider => provider.Name == name || provider.Name == shortName);
    }
}

/// <summary>A tool provider: its declaration with the tools as full objects, its credential validator and its tools.</summary>
/// <param name="Name">The provider's <c>identity.name</c>.</param>
/// <param name="DeclarationJson">The provider as the JSON of <c>tool_declaration</c>.</param>
/// <param name="CreateValidator">Creates the <c>[DifyToolProvider]</c> class, if the plugin has one.</param>
/// <param name="Tools">The provider's tools.</param>
public sealed record ProviderRegistration(string Name, string DeclarationJson, Func<ToolProvider>? CreateValidator, IReadOnlyList<ToolRegistration> Tools)
{
    /// <summary>A tool by its <c>identity.name</c>.</summary>
    public ToolRegistration? FindTool(string? name) => Tools.FirstOrDefault(tool => tool.Name == name);
}

/// <summary>A tool: its name, the class that runs it and what its manifest declares.</summary>
/// <param name="Name">The tool's <c>identity.name</c>.</param>
/// <param name="Create">Creates the <c>[DifyTool]</c> class; null when the project has none.</param>
/// <param name="Descriptor">What the manifest declares (used to keep secret-input values out of logs).</param>
public sealed record ToolRegistration(string Name, Func<Tool>? Create, ToolDescriptor? Descriptor);
