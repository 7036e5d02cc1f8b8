using Dify.Plugin.Generator.Diagnostics;
using Dify.Plugin.Generator.Model;
using Dify.Plugin.Generator.Parsing;
using Microsoft.CodeAnalysis;

namespace Dify.Plugin.Schema.Tests.Infrastructure;

/// <summary>A manifest given both to the generator's parser and to the editor: its kind, text and what the generator reports.</summary>
internal sealed record ManifestUnderTest(string Name, string EditorPath, ManifestKind Kind, string Text)
{
    private readonly Lazy<IReadOnlyList<GeneratorFinding>> _findings = new(() => Parse(Kind, Text));

    /// <summary>The generator's diagnostics for the file (its parser's rules; cross-file rules say nothing of one file's shape).</summary>
    public IReadOnlyList<GeneratorFinding> GeneratorFindings => _findings.Value;

    /// <summary>Whether the generator accepts the file without a warning or an error (information is fine).</summary>
    public bool IsClean => GeneratorFindings.All(finding => finding.Severity < DiagnosticSeverity.Warning);

    public string Uri => new Uri("file://" + EditorPath).AbsoluteUri;

    private static IReadOnlyList<GeneratorFinding> Parse(ManifestKind kind, string text)
    {
        const string path = "/plugin/manifest.yaml";
        var diagnostics = kind switch
        {
            ManifestKind.Tool => ToolManifestParser.Parse(path, "tools/manifest.yaml", text, CancellationToken.None).Diagnostics,
            ManifestKind.Provider => SupportingManifestParser.ParseProvider(path, "provider/manifest.yaml", text, CancellationToken.None).Diagnostics,
            _ => SupportingManifestParser.ParsePlugin(path, "manifest.yaml", text, CancellationToken.None).Diagnostics,
        };
        return diagnostics
            .Select(diagnostic => new GeneratorFinding(
                diagnostic.Id,
                DiagnosticDescriptors.ById(diagnostic.Id).DefaultSeverity,
                diagnostic.Location?.StartLine ?? 0,
                diagnostic.ToDiagnostic().GetMessage(System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();
    }
}

/// <summary>One generator diagnostic of a manifest, with its 0-based line.</summary>
internal sealed record GeneratorFinding(string Id, DiagnosticSeverity Severity, int Line, string Message)
{
    public override string ToString() => $"line {Line + 1}: {Severity} {Id}: {Message}";
}
