using YamlDotNet.RepresentationModel;

namespace Dify.Plugin.Packaging;

/// <summary>
/// What packaging needs from manifest.yaml and the provider files it lists, read as the daemon reads them at upload
/// (pkg/plugin_packager/decoder/helper.go:22-100 reads manifest.yaml, each <c>plugins.tools</c> provider and each tool
/// it lists; helper.go:393-495 checks the icons against _assets). The full manifest rules are the generator's
/// (DIFY1xxx), which run when the plugin compiles, before this.
/// </summary>
internal sealed record PluginManifestFacts(
    string Name,
    string Version,
    IReadOnlyList<string> Architectures,
    string? RunnerLanguage,
    string? RunnerEntrypoint,
    IReadOnlyList<IconReference> Icons,
    IReadOnlyList<FileReference> ReferencedFiles)
{
    /// <summary>Reads manifest.yaml and the providers it lists from <paramref name="files"/> (package path to disk path).</summary>
    public static PluginManifestFacts Read(IReadOnlyDictionary<string, string> files)
    {
        var manifest = Load(files["manifest.yaml"], "manifest.yaml");
        var icons = new List<IconReference>();
        var referenced = new List<FileReference>();
        AddIcon(icons, "manifest.yaml", "icon", Scalar(manifest, "icon"));
        AddIcon(icons, "manifest.yaml", "icon_dark", Scalar(manifest, "icon_dark"));
        foreach (var provider in Sequence(Child(manifest, "plugins"), "tools"))
        {
            referenced.Add(new FileReference("manifest.yaml", provider));
            if (!files.TryGetValue(provider, out var providerPath))
            {
                continue;
            }

            var providerRoot = Load(providerPath, provider);
            AddIcon(icons, provider, "identity.icon", Scalar(Child(providerRoot, "identity"), "icon"));
            AddIcon(icons, provider, "identity.icon_dark", Scalar(Child(providerRoot, "identity"), "icon_dark"));
            referenced.AddRange(Sequence(providerRoot, "tools").Select(tool => new FileReference(provider, tool)));
        }

        var meta = Child(manifest, "meta");
        var runner = Child(meta, "runner");
        return new PluginManifestFacts(
            Scalar(manifest, "name") ?? "",
            Scalar(manifest, "version") ?? "",
            Sequence(meta, "arch"),
            Scalar(runner, "language"),
            Scalar(runner, "entrypoint"),
            icons,
            referenced);
    }

    private static void AddIcon(List<IconReference> icons, string file, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            icons.Add(new IconReference(file, key, value));
        }
    }

    private static YamlMappingNode? Load(string path, string packagePath)
    {
        try
        {
            using var reader = File.OpenText(path);
            var stream = new YamlStream();
            stream.Load(reader);
            return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode as YamlMappingNode;
        }
        catch (YamlDotNet.Core.YamlException exception)
        {
            throw new ManifestUnreadableException($"{packagePath} is not valid YAML: {exception.Message}", path);
        }
    }

    private static YamlMappingNode? Child(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value as YamlMappingNode : null;

    private static string? Scalar(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    private static List<string> Sequence(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlSequenceNode sequence
            ? sequence.Children.OfType<YamlScalarNode>().Select(item => item.Value ?? "").Where(item => item.Length > 0).ToList()
            : [];
}

/// <summary>An icon named at <paramref name="Key"/> of <paramref name="File"/>; the daemon looks it up under _assets/.</summary>
internal sealed record IconReference(string File, string Key, string Name);

/// <summary>A YAML file <paramref name="From"/> lists, by its path in the package.</summary>
internal sealed record FileReference(string From, string Path);

/// <summary>A manifest the daemon could not decode.</summary>
internal sealed class ManifestUnreadableException(string message, string path) : Exception(message)
{
    public string PathOnDisk { get; } = path;
}
