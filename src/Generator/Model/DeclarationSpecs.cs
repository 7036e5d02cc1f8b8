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
    /// <summary>What the registry needs of it: everything but the JSON, so that editing a manifest's text does not rewrite the registry.</summary>
    public DeclarationEntry Entry => new(Kind, ManifestPath, JsonAfterTools is not null, Name, References, Icons);
}

/// <summary>A declaration as the registry refers to it, without its JSON (which its own generated part holds).</summary>
internal sealed record DeclarationEntry(string Kind, string ManifestPath, bool HasJsonAfterTools, string? Name, EquatableArray<string> References, EquatableArray<string> Icons)
{
    /// <summary>The member of <c>DifyPlugin</c> holding the declaration's UTF-8 JSON: unique per manifest path.</summary>
    public string MemberName => DeclarationMembers.For(ManifestPath);

    /// <summary>The member holding what follows a provider's tools.</summary>
    public string AfterToolsMemberName => MemberName + "_AfterTools";
}

internal static class DeclarationMembers
{
    public static string For(string manifestPath) =>
        "__Declaration_" + new string(manifestPath.Select(character => character < 128 && char.IsLetterOrDigit(character) ? character : '_').ToArray()) + "_" + Identifiers.StableHash(manifestPath);
}
