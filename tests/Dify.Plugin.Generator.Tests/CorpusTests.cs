using System.Collections.Concurrent;
using Dify.Plugin.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace Dify.Plugin.Generator.Tests;

/// <summary>
/// Every official tool plugin in <c>../shared/corpus/tools</c>: the generated code compiles with no error or warning,
/// and the manifest diagnostics are exactly those in <c>Corpus/expected-diagnostics.txt</c> (reviewed; re-approve
/// with <c>DIFY_ACCEPT_SNAPSHOTS=1</c>).
/// </summary>
public sealed class CorpusTests
{
    [Fact]
    public void Every_corpus_tool_manifest_generates_compiling_code_and_the_expected_diagnostics()
    {
        var corpus = CorpusDirectory();
        var plugins = Directory.GetDirectories(Path.Combine(corpus, "tools")).OrderBy(path => path, StringComparer.Ordinal).ToArray();
        Assert.True(plugins.Length >= 100, $"expected the official corpus under {corpus}, found {plugins.Length} plugins");

        var diagnostics = new ConcurrentBag<string>();
        var compileProblems = new ConcurrentBag<string>();
        var toolManifests = 0;
        var records = 0;
        Parallel.ForEach(plugins, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, plugin =>
        {
            var run = RunPlugin(plugin, out var tools);
            Interlocked.Add(ref toolManifests, tools);
            Interlocked.Add(ref records, run.Sources.Count(source => source.HintName.Contains("Parameters.", StringComparison.Ordinal)));
            var prefix = Path.GetRelativePath(corpus, plugin).Replace('\\', '/') + "/";
            foreach (var diagnostic in run.GeneratorDiagnostics.Where(diagnostic => diagnostic.Id != "DIFY1041"))
            {
                diagnostics.Add(prefix + GeneratorHarness.Format(diagnostic, plugin + "/"));
            }

            foreach (var problem in run.CompilationProblems)
            {
                compileProblems.Add($"{prefix}: {problem}");
            }
        });

        Assert.Empty(compileProblems.OrderBy(line => line, StringComparer.Ordinal));
        // 474 YAML files sit under tools/*/tools/; one of them (whatsapp-bot's whatsapp.yaml) is a provider.
        Assert.True(toolManifests >= 473, $"expected the corpus's 473 tool manifests, read {toolManifests}");
        var expected = string.Join("\n", diagnostics.OrderBy(line => line, StringComparer.Ordinal)) + "\n";
        Snapshot.MatchFile(Path.Combine(TestDirectory(), "Corpus", "expected-diagnostics.verified.txt"), expected);

        // Clean manifests produce code: each tool manifest yields a record unless a diagnostic explains why not.
        Assert.True(records >= toolManifests - 5, $"only {records} records for {toolManifests} tool manifests");
    }

    [Fact]
    public void Known_problems_of_the_corpus_are_reported()
    {
        var expected = File.ReadAllText(Path.Combine(TestDirectory(), "Corpus", "expected-diagnostics.verified.txt"));

        Assert.Contains("tools/discord/tools/discord_webhook.yaml", expected.Split('\n').First(line => line.Contains("DIFY1011", StringComparison.Ordinal) && line.Contains("discord", StringComparison.Ordinal)));
        Assert.Equal(11, expected.Split('\n').Count(line => line.Contains("discord_webhook.yaml", StringComparison.Ordinal) && line.Contains("DIFY1011", StringComparison.Ordinal)));
        Assert.Contains(expected.Split('\n'), line => line.StartsWith("tools/frontapp/tools/find_conversations.yaml", StringComparison.Ordinal) && line.Contains("DIFY1018", StringComparison.Ordinal));
        Assert.Contains(expected.Split('\n'), line => line.StartsWith("tools/duckduckgo/tools/ddgo_ai.yaml", StringComparison.Ordinal) && line.Contains("DIFY1020", StringComparison.Ordinal) && line.Contains("gpt-3.5", StringComparison.Ordinal));
        Assert.Contains(expected.Split('\n'), line => line.Contains("DIFY1010", StringComparison.Ordinal) && line.Contains("zh_CN", StringComparison.Ordinal) && line.Contains("zh_Hans", StringComparison.Ordinal));
        Assert.Contains(expected.Split('\n'), line => line.Contains("DIFY1010", StringComparison.Ordinal) && line.Contains("ja_Jp", StringComparison.Ordinal));
        Assert.Contains(expected.Split('\n'), line => line.StartsWith("tools/aliyuque/tools/create_document.yaml", StringComparison.Ordinal) && line.Contains("DIFY1019", StringComparison.Ordinal));
        Assert.Contains(expected.Split('\n'), line => line.Contains("DIFY1030", StringComparison.Ordinal) && line.Contains("zh_Hant", StringComparison.Ordinal));
        Assert.DoesNotContain(expected.Split('\n'), line => line.StartsWith("tools/duckduckgo/tools/ddgo_search.yaml", StringComparison.Ordinal) && line.Contains("warning", StringComparison.Ordinal));
    }

    internal static GeneratorRun RunPlugin(string plugin, out int toolManifestCount)
    {
        var root = plugin.Replace('\\', '/') + "/";
        var files = Directory.GetFiles(plugin, "*.yaml", SearchOption.AllDirectories)
            .Select(path => path.Replace('\\', '/'))
            .Where(path => !path[root.Length..].StartsWith("group/", StringComparison.Ordinal))
            .OrderBy(path => path, StringComparer.Ordinal)
            .ToArray();
        // A provider may sit among the tools (whatsapp-bot); the project marks it, as a user would with DifyManifestKind.
        var providers = ProvidersOf(root + "manifest.yaml");
        var perFile = files.ToDictionary(path => path, path => new Dictionary<string, string>
        {
            ["build_metadata.AdditionalFiles.DifyManifestKind"] = providers.Contains(path[root.Length..]) ? "provider" : "",
        });
        toolManifestCount = files.Count(path => path[root.Length..].StartsWith("tools/", StringComparison.Ordinal) && !providers.Contains(path[root.Length..]));
        var additional = files.Select(path => (AdditionalText)new InMemoryAdditionalText(path, File.ReadAllText(path))).ToArray();
        return GeneratorHarness.Run(additional, GeneratorHarness.CreateCompilation([]), GeneratorHarness.DefaultOptions(root, "Corpus." + Identifier(Path.GetFileName(plugin))), perFile);
    }

    private static HashSet<string> ProvidersOf(string manifestPath)
    {
        var providers = new HashSet<string>(StringComparer.Ordinal);
        if (!File.Exists(manifestPath))
        {
            return providers;
        }

        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(manifestPath)));
        if (stream.Documents[0].RootNode is YamlMappingNode root
            && root.Children.TryGetValue(new YamlScalarNode("plugins"), out var plugins) && plugins is YamlMappingNode pluginMap
            && pluginMap.Children.TryGetValue(new YamlScalarNode("tools"), out var tools) && tools is YamlSequenceNode list)
        {
            foreach (var item in list.Children.OfType<YamlScalarNode>())
            {
                providers.Add(item.Value!);
            }
        }

        return providers;
    }

    private static string Identifier(string name)
    {
        var text = new string(name.Select(character => char.IsLetterOrDigit(character) ? character : '_').ToArray());
        return char.IsDigit(text[0]) ? "_" + text : text;
    }

    internal static string CorpusDirectory()
    {
        var corpus = Path.GetFullPath(Path.Combine(RepositoryPaths.Root, "..", "shared", "corpus"));
        Assert.True(Directory.Exists(corpus), $"The corpus is expected at {corpus} (../shared beside the repository).");
        return corpus;
    }

    private static string TestDirectory() => RepositoryPaths.TestProject("");
}
