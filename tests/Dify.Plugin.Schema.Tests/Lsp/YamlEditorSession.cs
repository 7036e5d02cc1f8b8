using System.Diagnostics;
using System.Text.Json.Nodes;
using Dify.Plugin.Schema.Tests.Infrastructure;
using Dify.Plugin.Schema.Tests.Schemas;
using Xunit;

namespace Dify.Plugin.Schema.Tests.Lsp;

/// <summary>
/// One yaml-language-server process, configured as the docs tell users to (<c>yaml.schemas</c> with the shipped schema
/// files), with every manifest under test opened and its diagnostics collected once for all tests.
/// </summary>
public sealed class YamlEditorSession : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    private LanguageServerConnection? _server;
    private IReadOnlyDictionary<string, JsonArray> _diagnostics = new Dictionary<string, JsonArray>();

    internal IReadOnlyList<ManifestUnderTest> Corpus { get; } = NodeTooling.MissingReason is null ? Manifests.Corpus() : [];

    internal IReadOnlyList<ManifestUnderTest> Fixtures { get; } = NodeTooling.MissingReason is null ? Manifests.Fixtures() : [];

    /// <summary>A new project made from the template, whose manifests name their schemas in their first lines.</summary>
    internal string TemplateProject { get; } = Path.Combine(Path.GetTempPath(), "dify-schema-tests-" + Guid.NewGuid().ToString("N")[..8], "MyPlugin");

    internal IReadOnlyList<ManifestUnderTest> Template { get; private set; } = [];

    /// <summary>How long the server took from start to the last document's diagnostics.</summary>
    internal TimeSpan Elapsed { get; private set; }

    /// <summary>What the server answered to initialize, for its version.</summary>
    internal JsonNode? ServerInfo { get; private set; }

    /// <summary>The diagnostics the schema gave a document (not YAML syntax problems, which have another source).</summary>
    internal IReadOnlyList<EditorDiagnostic> SchemaDiagnostics(ManifestUnderTest manifest) =>
        _diagnostics[manifest.Uri]
            .Select(diagnostic => EditorDiagnostic.From(diagnostic!))
            .Where(diagnostic => diagnostic.Source.StartsWith("yaml-schema", StringComparison.Ordinal))
            .ToArray();

    internal IReadOnlyList<EditorDiagnostic> AllDiagnostics(ManifestUnderTest manifest) =>
        _diagnostics[manifest.Uri].Select(diagnostic => EditorDiagnostic.From(diagnostic!)).ToArray();

    public async Task InitializeAsync()
    {
        if (NodeTooling.MissingReason is not null)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(Timeout);
        var stopwatch = Stopwatch.StartNew();
        Template = TemplateManifests.WriteProject(TemplateProject);
        var start = new ProcessStartInfo(NodeTooling.Node)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(NodeTooling.ServerScript);
        start.ArgumentList.Add("--stdio");
        _server = new LanguageServerConnection(Process.Start(start)!);

        var documents = Corpus.Concat(Fixtures).Concat(Template).ToArray();
        var settings = Settings(documents);
        _server.Configuration = section => section is null ? settings : settings[section];
        var initialized = await _server.RequestAsync("initialize", new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["rootUri"] = null,
            ["capabilities"] = new JsonObject
            {
                ["textDocument"] = new JsonObject { ["publishDiagnostics"] = new JsonObject { ["relatedInformation"] = false } },
                ["workspace"] = new JsonObject { ["configuration"] = true, ["didChangeConfiguration"] = new JsonObject { ["dynamicRegistration"] = false } },
            },
        }, timeout.Token);
        ServerInfo = initialized?["serverInfo"];
        await _server.NotifyAsync("initialized", new JsonObject(), timeout.Token);
        await _server.NotifyAsync("workspace/didChangeConfiguration", new JsonObject { ["settings"] = settings.DeepClone() }, timeout.Token);

        foreach (var document in documents)
        {
            await _server.NotifyAsync("textDocument/didOpen", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = document.Uri, ["languageId"] = "yaml", ["version"] = 1, ["text"] = document.Text },
            }, timeout.Token);
        }

        _diagnostics = await _server.WaitForDiagnosticsAsync(documents.Select(document => document.Uri).ToArray(), TimeSpan.FromSeconds(1), timeout.Token);
        Elapsed = stopwatch.Elapsed;
    }

    /// <summary>The settings a user writes (docs/editors.md), with the schema files of this repository.</summary>
    private static JsonObject Settings(IReadOnlyList<ManifestUnderTest> documents)
    {
        var (tool, provider, plugin) = Manifests.SchemaGlobs(documents);
        string SchemaUri(string fileName) => new Uri(Path.Combine(SchemaPaths.Schemas, fileName)).AbsoluteUri;
        return new JsonObject
        {
            ["yaml"] = new JsonObject
            {
                ["validate"] = true,
                ["hover"] = false,
                ["completion"] = false,
                ["format"] = new JsonObject { ["enable"] = false },
                // No catalog download: the test runs offline and only our schemas apply.
                ["schemaStore"] = new JsonObject { ["enable"] = false },
                ["schemas"] = new JsonObject
                {
                    [SchemaUri(ManifestSchemas.ToolFile)] = SchemaParts.Strings(tool),
                    [SchemaUri(ManifestSchemas.ProviderFile)] = SchemaParts.Strings(provider),
                    [SchemaUri(ManifestSchemas.PluginFile)] = SchemaParts.Strings(plugin),
                },
            },
        };
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        var temporary = Path.GetDirectoryName(TemplateProject)!;
        if (Directory.Exists(temporary))
        {
            Directory.Delete(temporary, recursive: true);
        }
    }
}

/// <summary>A diagnostic the editor shows, with its 0-based line.</summary>
internal sealed record EditorDiagnostic(int Line, int Severity, string Source, string Message, string? SchemaUri)
{
    public static EditorDiagnostic From(JsonNode diagnostic) => new(
        diagnostic["range"]!["start"]!["line"]!.GetValue<int>(),
        diagnostic["severity"]?.GetValue<int>() ?? 1,
        diagnostic["source"]?.GetValue<string>() ?? "",
        diagnostic["message"]!.GetValue<string>(),
        diagnostic["data"]?["schemaUri"] is JsonArray { Count: > 0 } uris ? uris[0]!.GetValue<string>() : null);

    public override string ToString() => $"line {Line + 1}: [{Source}] {Message}";
}
