using System.Text;
using Dify.Plugin.Generator;
using Dify.Plugin.Generator.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace Dify.Plugin.Analyzers.Tests.Infrastructure;

/// <summary>
/// What every Microsoft.CodeAnalysis.Testing test here shares: .NET 10 reference assemblies from
/// Basic.Reference.Assemblies (no NuGet download, so offline), Dify.Plugin, the generator running first as in a real
/// build, the project directory the manifests sit in, and sources and manifests under <see cref="ProjectDirectory"/>.
/// </summary>
internal static class DifyTest
{
    public const string ProjectDirectory = "/project/";

    /// <summary>A target framework without packages: the framework resolves nothing, the references come from <see cref="Configure"/>.</summary>
    public static ReferenceAssemblies ReferenceAssemblies { get; } = new("net10.0");

    public static void Configure(SolutionState state, (string Path, string Text)[] manifests, string[] sources)
    {
        state.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
        state.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(Tool).Assembly.Location));
        state.AnalyzerConfigFiles.Add(("/.globalconfig", $"""
            is_global = true
            build_property.ProjectDir = {ProjectDirectory}
            build_property.RootNamespace = MyPlugin
            """));
        for (var i = 0; i < sources.Length; i++)
        {
            state.Sources.Add(($"{ProjectDirectory}Source{i}.cs", sources[i]));
        }

        foreach (var (path, text) in manifests)
        {
            // UTF-8, as the project system reads a YAML file (and as the YAML fixes write it back).
            state.AdditionalFiles.Add((ProjectDirectory + path, SourceText.From(text, Encoding.UTF8)));
        }
    }

    public static CompilationOptions WithNullable(CompilationOptions options) =>
        ((CSharpCompilationOptions)options).WithNullableContextOptions(NullableContextOptions.Enable);
}

/// <summary>An analyzer test of <typeparamref name="TAnalyzer"/> (and <c>alsoRun</c>), with the generator's output in the compilation.</summary>
internal sealed class DifyAnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    private readonly DiagnosticAnalyzer[] _analyzers;

    public DifyAnalyzerTest((string Path, string Text)[] manifests, string[] sources, params DiagnosticAnalyzer[] alsoRun)
    {
        _analyzers = [new TAnalyzer(), .. alsoRun];
        ReferenceAssemblies = DifyTest.ReferenceAssemblies;
        TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        DifyTest.Configure(TestState, manifests, sources);
    }

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => _analyzers;

    protected override IEnumerable<Type> GetSourceGenerators() => [typeof(DifyToolGenerator)];

    protected override ParseOptions CreateParseOptions() => ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Latest);

    protected override CompilationOptions CreateCompilationOptions() => DifyTest.WithNullable(base.CreateCompilationOptions());
}

/// <summary>
/// A code-fix test: the fix of <typeparamref name="TCodeFix"/> for the diagnostics of <typeparamref name="TAnalyzer"/>,
/// FixAll included. The generator's diagnostics run too (<see cref="GeneratorDiagnosticsAnalyzer"/>), so a fix that leaves
/// YAML the generator warns about fails the fixed state as a compiler error in the fixed C# does.
/// </summary>
internal sealed class DifyCodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public DifyCodeFixTest((string Path, string Text)[] manifests, string[] sources, (string Path, string Text)[] fixedManifests, string[] fixedSources)
    {
        ReferenceAssemblies = DifyTest.ReferenceAssemblies;
        TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        DifyTest.Configure(TestState, manifests, sources);
        DifyTest.Configure(FixedState, fixedManifests, fixedSources);
        FixedState.InheritanceMode = StateInheritanceMode.Explicit;
        // The plugin manifest lists provider/mine.yaml, which no fixture has: the fixes are about the tool and plugin manifests.
        DisabledDiagnostics.Add("DIFY1052");
    }

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => [new TAnalyzer(), new GeneratorDiagnosticsAnalyzer()];

    protected override IEnumerable<Type> GetSourceGenerators() => [typeof(DifyToolGenerator)];

    protected override ParseOptions CreateParseOptions() => ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Latest);

    protected override CompilationOptions CreateCompilationOptions() => DifyTest.WithNullable(base.CreateCompilationOptions());
}
