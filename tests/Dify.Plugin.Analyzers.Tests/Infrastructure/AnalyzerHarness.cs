using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Dify.Plugin.Generator.Analyzers;
using Dify.Plugin.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using Xunit;
using Xunit.Sdk;

namespace Dify.Plugin.Analyzers.Tests.Infrastructure;

/// <summary>An expected diagnostic: its id and where the markup put it.</summary>
internal sealed record ExpectedDiagnostic(string Id, int Document, TextSpan Span);

/// <summary>
/// The analyzer tests' entry points. <see cref="VerifyAsync(string[], ValueTuple{string, string}[], DiagnosticResult[])"/>
/// runs Microsoft.CodeAnalysis.Testing (<see cref="DifyAnalyzerTest{TAnalyzer}"/>): sources use its markup
/// <c>{|DIFY2001:text|}</c>, manifests travel as additional files, the generator runs first as in a real build.
/// <see cref="ApplyFixAsync"/> applies one fix in a workspace for tests that check a fix's title and text piece by piece;
/// FixAll and iteration checks are in the Microsoft.CodeAnalysis.Testing code-fix tests (<see cref="DifyCodeFixTest{TAnalyzer, TCodeFix}"/>).
/// </summary>
internal static class AnalyzerHarness
{
    private static readonly Regex Markup = new(@"\{\|(?<id>DIFY\d{4}):(?<text>.*?)\|\}", RegexOptions.Singleline);

    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Tasks;
        using Dify.Plugin;

        """;

    public static (string Source, List<TextSpan> Spans, List<string> Ids) ParseMarkup(string markup)
    {
        var spans = new List<TextSpan>();
        var ids = new List<string>();
        var source = new System.Text.StringBuilder();
        var last = 0;
        foreach (Match match in Markup.Matches(markup))
        {
            source.Append(markup, last, match.Index - last);
            spans.Add(new TextSpan(source.Length, match.Groups["text"].Length));
            ids.Add(match.Groups["id"].Value);
            source.Append(match.Groups["text"].Value);
            last = match.Index + match.Length;
        }

        source.Append(markup, last, markup.Length - last);
        return (source.ToString(), spans, ids);
    }

    public static async Task<(Compilation Compilation, ImmutableArray<Diagnostic> Diagnostics, List<ExpectedDiagnostic> Expected, string[] Sources)> AnalyzeAsync(
        string[] markupSources, (string Path, string Text)[] manifests)
    {
        var parsed = markupSources.Select(ParseMarkup).ToArray();
        var sources = parsed.Select(p => p.Source).ToArray();
        var expected = parsed.SelectMany((p, index) => p.Spans.Select((span, i) => new ExpectedDiagnostic(p.Ids[i], index, span))).ToList();
        var additional = manifests.Select(file => (AdditionalText)new InMemoryAdditionalText(GeneratorHarness.ProjectDirectory + file.Path, file.Text)).ToImmutableArray();
        var options = new TestOptionsProvider(GeneratorHarness.DefaultOptions());
        var compilation = GeneratorHarness.CreateCompilation(sources);
        GeneratorHarness.CreateDriver(additional).RunGeneratorsAndUpdateCompilation(compilation, out var generated, out _);
        var withAnalyzers = generated.WithAnalyzers([new DifyUsageAnalyzer(), new ServicePermissionAnalyzer()], new AnalyzerOptions(additional, options));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        return (generated, diagnostics, expected, sources);
    }

    /// <summary>
    /// Checks with Microsoft.CodeAnalysis.Testing that the usage analyzers report exactly the marked diagnostics (and
    /// <paramref name="expected"/>), and that the code compiles with the generated records.
    /// </summary>
    public static Task VerifyAsync(string[] markupSources, (string Path, string Text)[] manifests, params DiagnosticResult[] expected)
    {
        var test = new DifyAnalyzerTest<DifyUsageAnalyzer>(manifests, markupSources, new ServicePermissionAnalyzer());
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    public static Task VerifyAsync(string markupSource, params (string Path, string Text)[] manifests) =>
        VerifyAsync([markupSource], manifests);

    public static Task VerifyAsync(string[] markupSources, params (string Path, string Text)[] manifests) =>
        VerifyAsync(markupSources, manifests, []);

    /// <summary>Applies the fix of the first diagnostic with <paramref name="id"/> and returns the sources and manifests after it.</summary>
    public static async Task<(string[] Sources, Dictionary<string, string> Manifests, string Title)> ApplyFixAsync(
        string[] markupSources, (string Path, string Text)[] manifests, CodeFixProvider fixer, string id)
    {
        var (compilation, diagnostics, _, sources) = await AnalyzeAsync(markupSources, manifests);
        var diagnostic = diagnostics.First(d => d.Id == id);

        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId, VersionStamp.Default, "Plugin", "Plugin", LanguageNames.CSharp,
            filePath: GeneratorHarness.ProjectDirectory + "Plugin.csproj",
            compilationOptions: compilation.Options,
            parseOptions: GeneratorHarness.ParseOptions,
            metadataReferences: GeneratorHarness.MetadataReferences));
        var documentIds = new List<DocumentId>();
        for (var i = 0; i < sources.Length; i++)
        {
            var documentId = DocumentId.CreateNewId(projectId);
            documentIds.Add(documentId);
            solution = solution.AddDocument(documentId, $"Source{i}.cs", SourceText.From(sources[i]), filePath: $"{GeneratorHarness.ProjectDirectory}Source{i}.cs");
        }

        foreach (var generatedTree in compilation.SyntaxTrees.Skip(sources.Length))
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), Path.GetFileName(generatedTree.FilePath), generatedTree.GetText(), filePath: "/generated/" + Path.GetFileName(generatedTree.FilePath));
        }

        var manifestIds = new Dictionary<string, DocumentId>();
        foreach (var (path, text) in manifests)
        {
            var documentId = DocumentId.CreateNewId(projectId);
            manifestIds[path] = documentId;
            solution = solution.AddAdditionalDocument(documentId, Path.GetFileName(path), SourceText.From(text), filePath: GeneratorHarness.ProjectDirectory + path);
        }

        var document = solution.GetDocument(documentIds[DocumentIndex(diagnostic)])!;
        var tree = (await document.GetSyntaxTreeAsync())!;
        var located = Diagnostic.Create(diagnostic.Descriptor, Location.Create(tree, diagnostic.Location.SourceSpan), diagnostic.Properties);
        var actions = new List<CodeAction>();
        await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, located, (action, _) => actions.Add(action), CancellationToken.None));
        var chosen = Assert.Single(actions);
        var operations = await chosen.GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        var newSources = new List<string>();
        foreach (var documentId in documentIds)
        {
            newSources.Add((await changed.GetDocument(documentId)!.GetTextAsync()).ToString());
        }

        var newManifests = new Dictionary<string, string>();
        foreach (var (path, documentId) in manifestIds)
        {
            newManifests[path] = (await changed.GetAdditionalDocument(documentId)!.GetTextAsync()).ToString();
        }

        return (newSources.ToArray(), newManifests, chosen.Title);
    }

    private static int DocumentIndex(Diagnostic diagnostic)
    {
        var path = diagnostic.Location.GetLineSpan().Path;
        var name = Path.GetFileNameWithoutExtension(path);
        return name.StartsWith("Source", StringComparison.Ordinal) && int.TryParse(name["Source".Length..], out var index) ? index : -1;
    }

    private static string Describe(ImmutableArray<Diagnostic> diagnostics, ExpectedDiagnostic expected) =>
        diagnostics.FirstOrDefault(d => d.Id == expected.Id && d.Location.SourceSpan == expected.Span)?.GetMessage() ?? "";
}
