using System.Collections.Generic;
using System.Linq;
using Dify.Plugin.Generator.Helpers;

namespace Dify.Plugin.Generator.Model;

/// <summary>A manifest as the daemon receives it (the Python SDK's canonical JSON), with what it references.</summary>
/// <param name="Kind"><c>plugin</c>, <c>provider</c> or <c>tool</c>.</param>
/// <param name="ManifestPath">The manifest's path in the project.</param>
/// <param name="Json">The declaration; for a provider, up to and including <c>"tools":[</c>.</param>
/// <param name="JsonAfterTools">For a provider, what follows its tools (<c>],"extra":…}</c>); null otherwise.</param>
/// <param name="Name">The <c>identity.name</c> of a provider or tool.</param>
/// <param name="References">The files it lists: providers for the plugin, tools for a provider.</param>
/// <param name="Icons">The asset files its icons name.</param>
internal sealed record DeclarationSpec(
    string Kind,
    string ManifestPath,
    string Json,
    string? JsonAfterTools,
    string? Name,
    EquatableArray<string> References,
    EquatableArray<string> Icons)
{
    /// <summary>A provider's declaration with its tools embedded as full objects, as <c>tool_declaration</c> carries it.</summary>
    public string WithTools(IEnumerable<DeclarationSpec> tools) => Json + string.Join(",", tools.Select(tool => tool.Json)) + JsonAfterTools;
}
