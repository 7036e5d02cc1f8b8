using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dify.Plugin.Schema.Tests.Schemas;

/// <summary>
/// The JSON Schemas of Dify's manifests as files: written from the generator's rule tables, checked into
/// <c>schemas/</c> and shipped in the Dify.Plugin package. Draft-07, which every YAML editor reads (yaml-language-server
/// reads 2019-09 only since 1.20; JetBrains IDEs and older extensions read draft-07).
/// </summary>
internal static class ManifestSchemas
{
    public const string Draft = "http://json-schema.org/draft-07/schema#";

    public const string ToolFile = "dify-tool.schema.json";
    public const string ProviderFile = "dify-provider.schema.json";
    public const string PluginFile = "dify-manifest.schema.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        NewLine = "\n",
        // Patterns and messages stay readable: & < > ' are written as they are (the files are never embedded in HTML).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Each schema file's name and text.</summary>
    public static IReadOnlyList<(string FileName, string Text)> Files() =>
    [
        (ToolFile, Serialize(ToolManifestSchema.Build())),
        (ProviderFile, Serialize(SupportingManifestSchemas.Provider())),
        (PluginFile, Serialize(SupportingManifestSchemas.Plugin())),
    ];

    private static string Serialize(JsonObject schema) => schema.ToJsonString(Options) + "\n";
}
