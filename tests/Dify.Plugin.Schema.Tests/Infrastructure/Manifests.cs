using Dify.Plugin.Generator.Model;
using Dify.Plugin.Generator.Parsing;

namespace Dify.Plugin.Schema.Tests.Infrastructure;

/// <summary>The manifests the editor tests open: the official corpus and the generator tests' hand-written fixtures.</summary>
internal static class Manifests
{
    /// <summary>Where the editor sees the corpus: a folder of its own, so that only the plugins' own paths match the schema globs.</summary>
    public const string CorpusRoot = "/dify-corpus/";

    public const string FixtureRoot = "/dify-fixtures/";

    /// <summary>
    /// Every manifest of every tool plugin in <c>../shared/corpus/tools</c>: manifest.yaml, provider/*.yaml and
    /// tools/**/*.yaml (a provider listed by manifest.yaml among the tools is read as a provider, as the generator is
    /// told with DifyManifestKind; endpoint groups under group/ are no manifests of ours).
    /// </summary>
    public static IReadOnlyList<ManifestUnderTest> Corpus()
    {
        var tools = Path.Combine(SchemaPaths.Corpus, "tools");
        if (!Directory.Exists(tools))
        {
            throw new InvalidOperationException($"The corpus is expected at {SchemaPaths.Corpus} (../shared/corpus beside the repository).");
        }

        var manifests = new List<ManifestUnderTest>();
        foreach (var plugin in Directory.GetDirectories(tools).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(plugin);
            var pluginManifest = Path.Combine(plugin, "manifest.yaml");
            var providers = new HashSet<string>(StringComparer.Ordinal);
            if (File.Exists(pluginManifest))
            {
                var text = File.ReadAllText(pluginManifest);
                providers.UnionWith(SupportingManifestParser.ParsePlugin(pluginManifest, "manifest.yaml", text, CancellationToken.None)
                    .References.Where(reference => reference.Key == "plugins.tools").Select(reference => reference.Target));
                manifests.Add(new ManifestUnderTest($"{name}/manifest.yaml", CorpusRoot + name + "/manifest.yaml", ManifestKind.Plugin, text));
            }

            foreach (var file in Directory.GetFiles(plugin, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(plugin, file).Replace('\\', '/');
                ManifestKind? kind = relative.StartsWith("provider/", StringComparison.Ordinal) || providers.Contains(relative) ? ManifestKind.Provider
                    : relative.StartsWith("tools/", StringComparison.Ordinal) ? ManifestKind.Tool
                    : null;
                if (kind is { } known)
                {
                    manifests.Add(new ManifestUnderTest($"{name}/{relative}", CorpusRoot + name + "/" + relative, known, File.ReadAllText(file)));
                }
            }
        }

        return manifests;
    }

    /// <summary>The tool manifests of tests/Dify.Plugin.Generator.Tests/Manifests, each as tools/&lt;file&gt; of a plugin.</summary>
    public static IReadOnlyList<ManifestUnderTest> Fixtures()
    {
        var folder = Path.Combine(SchemaPaths.Root, "tests", "Dify.Plugin.Generator.Tests", "Manifests");
        return Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal)
            .Select(file => new ManifestUnderTest(Path.GetFileName(file), FixtureRoot + "tools/" + Path.GetFileName(file), ManifestKind.Tool, File.ReadAllText(file)))
            .ToArray();
    }

    /// <summary>
    /// The documented <c>yaml.schemas</c> globs (docs/editors.md), plus the exceptions a plugin with a provider among its
    /// tools writes: the file moves from the tool schema to the provider schema.
    /// </summary>
    public static (string[] Tool, string[] Provider, string[] Plugin) SchemaGlobs(IEnumerable<ManifestUnderTest> manifests)
    {
        var providersAmongTools = manifests
            .Where(manifest => manifest.Kind == ManifestKind.Provider && manifest.EditorPath.Contains("/tools/", StringComparison.Ordinal))
            .Select(manifest => manifest.EditorPath.TrimStart('/'))
            .ToArray();
        return (
            ["tools/**/*.yaml", .. providersAmongTools.Select(path => "!" + path)],
            ["provider/*.yaml", .. providersAmongTools],
            ["manifest.yaml"]);
    }
}
