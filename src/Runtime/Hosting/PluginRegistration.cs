namespace Dify.Plugin.Hosting;

/// <summary>
/// A plugin as the generator captured it at compile time (the generated <c>DifyPlugin.Registration</c>): the
/// declarations Dify's daemon validates, and the classes that serve them. No YAML is read at run time.
/// </summary>
/// <param name="ManifestDeclaration"><c>manifest.yaml</c> as the UTF-8 JSON of <c>manifest_declaration</c>.</param>
/// <param name="Providers">The tool providers <c>manifest.yaml</c> lists, in its order.</param>
/// <param name="Assets">The files under <c>_assets/</c> the declarations reference (icons).</param>
public sealed record PluginRegistration(ReadOnlyMemory<byte> ManifestDeclaration, IReadOnlyList<ProviderRegistration> Providers, IReadOnlyList<string> Assets)
{
    /// <summary>
    /// The data of the one <c>tool_declaration</c> message: every provider with its tools, as one JSON array (the
    /// Python SDK's <c>plugin.py</c> sends them so; the daemon closes the connection on a second such message).
    /// </summary>
    public byte[] ToolDeclaration()
    {
        var declaration = new List<byte>(Providers.Sum(provider => provider.DeclarationBeforeTools.Length + provider.DeclarationAfterTools.Length + provider.Tools.Sum(tool => tool.Declaration.Length + 1)) + 2) { (byte)'[' };
        for (var i = 0; i < Providers.Count; i++)
        {
            if (i > 0)
            {
                declaration.Add((byte)',');
            }

            declaration.AddRange(Providers[i].Declaration());
        }

        declaration.Add((byte)']');
        return [.. declaration];
    }

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

/// <summary>A tool provider: its declaration around its tools, its credential validator and its tools.</summary>
/// <param name="Name">The provider's <c>identity.name</c>.</param>
/// <param name="DeclarationBeforeTools">The provider's UTF-8 JSON up to and including <c>"tools":[</c>.</param>
/// <param name="DeclarationAfterTools">The rest of it, from the <c>]</c> that closes its tools.</param>
/// <param name="CreateValidator">
/// Creates the <c>[DifyToolProvider]</c> class, if the plugin has one, with its constructor's services from the request's
/// service scope (an empty provider when the plugin runs without a container).
/// </param>
/// <param name="Tools">The provider's tools, in the order its <c>tools:</c> lists them.</param>
public sealed record ProviderRegistration(
    string Name,
    ReadOnlyMemory<byte> DeclarationBeforeTools,
    ReadOnlyMemory<byte> DeclarationAfterTools,
    Func<IServiceProvider, ToolProvider>? CreateValidator,
    IReadOnlyList<ToolRegistration> Tools)
{
    /// <summary>What the provider class's constructor takes from the service container; empty for a parameterless one.</summary>
    public ToolDependencies ValidatorDependencies { get; init; } = ToolDependencies.None;

    /// <summary>The provider as one element of <c>tool_declaration</c>: its JSON with the tools embedded as full objects.</summary>
    public byte[] Declaration()
    {
        var declaration = new List<byte>(DeclarationBeforeTools.Length + DeclarationAfterTools.Length + Tools.Sum(tool => tool.Declaration.Length + 1));
        declaration.AddRange(DeclarationBeforeTools.Span);
        for (var i = 0; i < Tools.Count; i++)
        {
            if (i > 0)
            {
                declaration.Add((byte)',');
            }

            declaration.AddRange(Tools[i].Declaration.Span);
        }

        declaration.AddRange(DeclarationAfterTools.Span);
        return [.. declaration];
    }

    /// <summary>A tool by its <c>identity.name</c>.</summary>
    public ToolRegistration? FindTool(string? name) => Tools.FirstOrDefault(tool => tool.Name == name);
}

/// <summary>A tool: its name, the class that runs it and what its manifest declares.</summary>
/// <param name="Name">The tool's <c>identity.name</c>.</param>
/// <param name="Create">
/// Creates the <c>[DifyTool]</c> class, one per request, with its constructor's services from the request's service scope
/// (an empty provider when the plugin runs without a container); null when the project has no class for the tool.
/// </param>
/// <param name="Descriptor">What the manifest declares (used to keep secret-input values out of logs).</param>
/// <param name="Declaration">The tool as the UTF-8 JSON its provider embeds in <c>tool_declaration</c>.</param>
public sealed record ToolRegistration(string Name, Func<IServiceProvider, Tool>? Create, ToolDescriptor? Descriptor, ReadOnlyMemory<byte> Declaration)
{
    /// <summary>What the tool class's constructor takes from the service container; empty for a parameterless one.</summary>
    public ToolDependencies Dependencies { get; init; } = ToolDependencies.None;
}
