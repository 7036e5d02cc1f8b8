using Dify.Plugin.Generator.Helpers;

namespace Dify.Plugin.Generator.Model;

/// <summary>A manifest converted to the JSON the daemon expects, with what it references.</summary>
internal sealed record DeclarationSpec(
    string Kind,
    string ManifestPath,
    string? Json,
    string? Name,
    EquatableArray<string> References,
    EquatableArray<string> Icons,
    bool HasCredentialsSchema);
