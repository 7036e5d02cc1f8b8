using Dify.Plugin.Schema.Tests.Infrastructure;
using Dify.Plugin.Schema.Tests.Lsp;
using Xunit;
using Xunit.Abstractions;

namespace Dify.Plugin.Schema.Tests;

/// <summary>
/// The shipped schemas as an editor applies them: yaml-language-server (the server of VS Code's YAML extension and of
/// Neovim's and Emacs's YAML setups), started over stdio and configured with <c>yaml.schemas</c> as docs/editors.md
/// says, over every manifest of the official corpus and the generator's malformed fixtures.
/// </summary>
public sealed class EditorDiagnosticsTests(YamlEditorSession session, ITestOutputHelper output) : IClassFixture<YamlEditorSession>
{
    /// <summary>The issue's cases: the misspelt type, the unknown form, a scope on a type without one, a bad scope token.</summary>
    private static readonly string[] SameLineRules = ["DIFY1006", "DIFY1007", "DIFY1012", "DIFY1013"];

    /// <summary>
    /// Every generator rule the schema reports at the generator's own line, over the corpus too. Not here: DIFY1019 (a
    /// YAML 1.1 boolean such as value: no is text to an editor reading YAML 1.2), and the rules located at a parent.
    /// </summary>
    private static readonly string[] AllSameLineRules =
        [.. SameLineRules, "DIFY1004", "DIFY1005", "DIFY1009", "DIFY1010", "DIFY1014", "DIFY1015", "DIFY1016", "DIFY1018", "DIFY1024", "DIFY1028", "DIFY1050", "DIFY1051"];

    [EditorFact]
    public void A_manifest_the_generator_accepts_without_a_warning_has_no_schema_error()
    {
        var clean = session.Corpus.Concat(session.Fixtures).Where(manifest => manifest.IsClean).ToArray();
        var problems = clean
            .SelectMany(manifest => session.SchemaDiagnostics(manifest).Select(diagnostic => $"{manifest.Name} {diagnostic}"))
            .ToArray();
        output.WriteLine($"yaml-language-server {session.ServerInfo?["version"]}: {session.Corpus.Count} corpus manifests, {clean.Length} accepted by the generator without a warning.");

        Assert.True(session.Corpus.Count >= 690, $"expected the corpus's manifests, found {session.Corpus.Count}");
        Assert.True(clean.Length >= 500, $"only {clean.Length} manifests are clean; the generator's view of the corpus changed");
        Assert.True(problems.Length == 0, "Schema errors on manifests the generator accepts:\n" + string.Join("\n", problems.Take(50)));
    }

    [EditorFact]
    public void The_misspelt_type_the_unknown_form_and_a_bad_scope_are_errors_at_the_generators_line()
    {
        var (expected, missing) = CompareLines(session.Fixtures, SameLineRules);

        // malformed_daemon_rules.yaml: type: strng (line 15), form: manual (28), scope: llm on a string (26), scope: vision&tool-cal (35).
        Assert.Equal(SameLineRules, expected.Select(pair => pair.Finding.Id).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(expected, pair => pair.Finding.Id == "DIFY1006" && pair.Finding.Line == 14 && pair.Manifest.Name == "malformed_daemon_rules.yaml");
        Assert.True(missing.Length == 0, "Generator problems the schema does not report at the same line:\n" + string.Join("\n", missing));
    }

    [EditorFact]
    public void Every_problem_both_can_see_is_reported_at_the_same_line_in_the_corpus_too()
    {
        var (findings, missing) = CompareLines(session.Corpus.Concat(session.Fixtures), AllSameLineRules);
        output.WriteLine($"{findings.Length} generator findings of {findings.Select(pair => pair.Finding.Id).Distinct().Count()} rules checked.");

        Assert.True(findings.Length >= 100, $"only {findings.Length} findings to compare");
        Assert.True(missing.Length == 0, "Generator problems the schema does not report at the same line:\n" + string.Join("\n", missing.Take(40)));
    }

    [EditorFact]
    public void Manifests_with_a_missing_key_a_wrong_shape_or_an_unknown_key_get_a_schema_error()
    {
        // A document no schema applies to gets no schema diagnostics at all, which would make the tests above vacuous:
        // every manifest the generator warns about for a missing key or a wrong shape must show a schema error somewhere.
        var shapeRules = new[] { "DIFY1002", "DIFY1003", "DIFY1024" };
        var unseen = session.Corpus.Concat(session.Fixtures)
            .Where(manifest => manifest.GeneratorFindings.Any(finding => shapeRules.Contains(finding.Id)))
            .Where(manifest => session.SchemaDiagnostics(manifest).Count == 0)
            .Select(manifest => manifest.Name + ": " + string.Join("; ", manifest.GeneratorFindings))
            .ToArray();

        Assert.True(unseen.Length == 0, "Manifests with shape problems and no schema error:\n" + string.Join("\n", unseen));
    }

    [EditorFact]
    public void The_templates_first_lines_bring_the_schema_copied_to_obj()
    {
        var misspelt = session.Template.Single(manifest => manifest.Name == "template/tools/misspelt.yaml");
        var typeLine = misspelt.GeneratorFindings.Single(finding => finding.Id == "DIFY1006").Line;
        var copied = new Uri(Path.Combine(session.TemplateProject, TemplateManifests.SchemaFolder, "dify-tool.schema.json")).AbsoluteUri;

        foreach (var manifest in session.Template.Where(manifest => manifest != misspelt))
        {
            Assert.True(manifest.IsClean, manifest.Name + ": " + string.Join("; ", manifest.GeneratorFindings));
            Assert.Empty(session.AllDiagnostics(manifest));
        }

        // The error comes from the copy the first lines name (a modeline wins over yaml.schemas), at the type's line.
        Assert.Contains(session.SchemaDiagnostics(misspelt), diagnostic => diagnostic.Line == typeLine && diagnostic.SchemaUri == copied);
        output.WriteLine($"{session.Corpus.Count + session.Fixtures.Count + session.Template.Count} documents validated in {session.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>The generator's findings of <paramref name="rules"/>, and those with no schema diagnostic at their line.</summary>
    private ((ManifestUnderTest Manifest, GeneratorFinding Finding)[] Findings, string[] Missing) CompareLines(IEnumerable<ManifestUnderTest> manifests, string[] rules)
    {
        var findings = manifests
            .SelectMany(manifest => manifest.GeneratorFindings.Where(finding => rules.Contains(finding.Id)).Select(finding => (manifest, finding)))
            .ToArray();
        var missing = findings
            .Where(pair => !session.SchemaDiagnostics(pair.manifest).Any(diagnostic => diagnostic.Line == pair.finding.Line))
            .Select(pair => $"{pair.manifest.Name} {pair.finding}; the editor shows:\n  " + string.Join("\n  ", session.AllDiagnostics(pair.manifest)))
            .ToArray();
        return (findings, missing);
    }
}
