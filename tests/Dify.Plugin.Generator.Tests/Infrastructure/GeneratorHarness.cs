using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Dify.Plugin.Generator.Tests.Infrastructure;

/// <summary>A manifest given to the generator as an AdditionalFile.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text, Encoding.UTF8);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

internal sealed class TestOptionsProvider(Dictionary<string, string> global, Dictionary<string, Dictionary<string, string>>? perFile = null) : AnalyzerConfigOptionsProvider
{
    public override AnalyzerConfigOptions GlobalOptions { get; } = new DictionaryOptions(global);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new DictionaryOptions([]);

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        new DictionaryOptions(perFile is not null && perFile.TryGetValue(textFile.Path, out var options) ? options : []);

    private sealed class DictionaryOptions(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}

internal sealed record GeneratorRun(
    GeneratorDriverRunResult Result,
    Compilation OutputCompilation,
    ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public IEnumerable<(string HintName, string Source)> Sources =>
        Result.Results.SelectMany(result => result.GeneratedSources).Select(source => (source.HintName, source.SourceText.ToString()));

    /// <summary>Errors and warnings of compiling the user's code together with the generated code.</summary>
    public IEnumerable<Diagnostic> CompilationProblems =>
        OutputCompilation.GetDiagnostics().Where(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning);

    public string DescribeDiagnostics(string projectDirectory = "/project/") => string.Join("\n",
        GeneratorDiagnostics
            .OrderBy(diagnostic => diagnostic.Location.GetLineSpan().Path, StringComparer.Ordinal)
            .ThenBy(diagnostic => diagnostic.Location.GetLineSpan().StartLinePosition.Line)
            .ThenBy(diagnostic => diagnostic.Location.GetLineSpan().StartLinePosition.Character)
            .ThenBy(diagnostic => diagnostic.Id, StringComparer.Ordinal)
            .Select(diagnostic => GeneratorHarness.Format(diagnostic, projectDirectory)));
}

/// <summary>Runs the generator the way the compiler does, over .NET 10's reference assemblies.</summary>
internal static class GeneratorHarness
{
    public const string ProjectDirectory = "/project/";

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    public static ImmutableArray<MetadataReference> MetadataReferences => References.Value;

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    public static CSharpCompilation CreateCompilation(IEnumerable<string> sources, string assemblyName = "Plugin") =>
        CSharpCompilation.Create(
            assemblyName,
            sources.Select((source, index) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"{ProjectDirectory}Source{index}.cs")),
            MetadataReferences,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, generalDiagnosticOption: ReportDiagnostic.Default));

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> files, Dictionary<string, string>? globalOptions = null, Dictionary<string, Dictionary<string, string>>? perFile = null) =>
        CSharpGeneratorDriver.Create(
            [new DifyToolGenerator().AsSourceGenerator()],
            files,
            ParseOptions,
            new TestOptionsProvider(globalOptions ?? DefaultOptions(), perFile),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static Dictionary<string, string> DefaultOptions(string projectDirectory = ProjectDirectory, string rootNamespace = "MyPlugin") => new()
    {
        ["build_property.ProjectDir"] = projectDirectory,
        ["build_property.RootNamespace"] = rootNamespace,
    };

    /// <summary>The build property that makes the generator report what the analyzer otherwise reports (no analyzers run).</summary>
    public const string GeneratorDiagnosticsProperty = "build_property.DifyPluginGeneratorDiagnostics";

    /// <summary>Runs the generator on manifests (paths relative to the project) and C# sources.</summary>
    public static GeneratorRun Run(IEnumerable<(string Path, string Text)> manifests, IEnumerable<string>? sources = null, Dictionary<string, string>? options = null)
    {
        var files = manifests.Select(file => (AdditionalText)new InMemoryAdditionalText(ProjectDirectory + file.Path, file.Text)).ToArray();
        return Run(files, CreateCompilation(sources ?? []), options ?? DefaultOptions());
    }

    /// <summary>
    /// Runs the generator and <see cref="Analyzers.GeneratorDiagnosticsAnalyzer"/> as a build does: the run's diagnostics
    /// are both together. Checks on every run that they are exactly what the generator alone reports when the build runs
    /// no analyzers, so each problem is reported once either way and the analyzer misses none.
    /// </summary>
    public static GeneratorRun Run(AdditionalText[] files, CSharpCompilation compilation, Dictionary<string, string> options, Dictionary<string, Dictionary<string, string>>? perFile = null)
    {
        var driver = CreateDriver(files, options, perFile).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var analyzerOptions = new AnalyzerOptions([.. files], new TestOptionsProvider(options, perFile));
        var analyzerDiagnostics = output.WithAnalyzers([new Analyzers.GeneratorDiagnosticsAnalyzer()], analyzerOptions).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        var reported = generatorDiagnostics.AddRange(analyzerDiagnostics);

        var alone = new Dictionary<string, string>(options) { [GeneratorDiagnosticsProperty] = "true" };
        CreateDriver(files, alone, perFile).RunGeneratorsAndUpdateCompilation(compilation, out _, out var generatorAlone);
        var expected = generatorAlone.Select(diagnostic => Format(diagnostic, ProjectDirectory)).Order(StringComparer.Ordinal).ToArray();
        var actual = reported.Select(diagnostic => Format(diagnostic, ProjectDirectory)).Order(StringComparer.Ordinal).ToArray();
        if (!expected.SequenceEqual(actual))
        {
            throw new Xunit.Sdk.XunitException(
                "The generator and the analyzer together report other diagnostics than the generator alone.\nGenerator alone:\n  "
                + string.Join("\n  ", expected) + "\nGenerator + analyzer:\n  " + string.Join("\n  ", actual));
        }

        return new GeneratorRun(driver.GetRunResult(), output, reported);
    }

    public static string Format(Diagnostic diagnostic, string projectDirectory)
    {
        var span = diagnostic.Location.GetLineSpan();
        var path = span.Path is { } full && full.StartsWith(projectDirectory, StringComparison.Ordinal) ? full[projectDirectory.Length..] : span.Path;
        var where = diagnostic.Location == Location.None ? "(no location)" : $"{path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})";
        return $"{where}: {diagnostic.Severity.ToString().ToLowerInvariant()} {diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <summary>.NET 10's reference assemblies from Basic.Reference.Assemblies (the same set on every machine, offline) and Dify.Plugin.</summary>
    private static ImmutableArray<MetadataReference> LoadReferences() =>
    [
        .. Basic.Reference.Assemblies.Net100.References.All,
        MetadataReference.CreateFromFile(typeof(Tool).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.ActivatorUtilitiesConstructorAttribute).Assembly.Location),
    ];
}
