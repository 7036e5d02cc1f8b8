using Dify.Plugin.Generator.Model;
using Dify.Plugin.Generator.Parsing;

namespace Dify.Plugin.Generator.Analyzers;

/// <summary>
/// <c>resource.permission</c> of manifest.yaml beyond the models: the flags the daemon checks before a tool, app, node or
/// storage invocation (plugin_declaration.go <c>AllowInvokeTool</c>, <c>AllowInvokeApp</c>, <c>AllowInvokeNode</c>,
/// <c>AllowInvokeStorage</c>), and the storage size it validates (1024 to 1073741824 bytes).
/// </summary>
internal sealed record ServicePermissions(bool Tool, bool App, bool Node, bool Storage, double? StorageSize)
{
    public const double MinimumStorageSize = 1024;
    public const double MaximumStorageSize = 1073741824;

    public static ServicePermissions None { get; } = new(false, false, false, false, null);

    /// <summary>Reads manifest.yaml's service permissions; an unreadable manifest grants none (the generator reports why).</summary>
    public static ServicePermissions Read(ManifestFile manifest) => ParsedManifests.Get(manifest, static m => Parse(m.Text));

    private static ServicePermissions Parse(string text)
    {
        var (root, error, _) = YamlTreeReader.Read(text);
        if (error is not null || root is not YamlMapping mapping
            || mapping.Get("resource") is not YamlMapping resource || resource.Get("permission") is not YamlMapping permission)
        {
            return None;
        }

        bool Enabled(string key) => permission.Get(key) is YamlMapping section && section.Get("enabled") is YamlScalar { BooleanValue: true };
        var size = permission.Get("storage") is YamlMapping storage && storage.Get("size") is YamlScalar { IsNumber: true } scalar ? scalar.NumberValue : null;
        return new ServicePermissions(Enabled("tool"), Enabled("app"), Enabled("node"), Enabled("storage"), size);
    }

    public bool HasValidStorageSize => StorageSize is >= MinimumStorageSize and <= MaximumStorageSize;

    /// <summary>Whether the permission named as in the manifest (<c>tool</c>, <c>app</c>, <c>node</c>, <c>storage</c>) is enabled.</summary>
    public bool IsEnabled(string permission) => permission switch
    {
        "tool" => Tool,
        "app" => App,
        "node" => Node,
        "storage" => Storage,
        _ => false,
    };
}
