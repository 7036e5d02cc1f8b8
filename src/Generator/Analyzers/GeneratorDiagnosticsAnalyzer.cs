using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Dify.Plugin.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Dify.Plugin.Generator.Analyzers;

/// <summary>
/// Reports the generator's diagnostics (the manifests' DIFY1xxx, the tool and provider classes' DIFY2101-DIFY2109),
/// made by the generator's own rule code, as an analyzer: editors and language servers that run analyzers but do not
/// show generator diagnostics (csharp-ls, some IDE paths) show them live, in the YAML and on the class. The generator
/// reports them only when the build runs no analyzers (see <see cref="DiagnosticReporting"/>), so a build reports each
/// problem once.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GeneratorDiagnosticsAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = DiagnosticDescriptors.Descriptors
        .Where(descriptor => descriptor.Id.StartsWith("DIFY1", System.StringComparison.Ordinal) || descriptor.Id.StartsWith("DIFY21", System.StringComparison.Ordinal))
        .Where(descriptor => descriptor != DiagnosticDescriptors.InvalidNamespaceOption)
        .OrderBy(descriptor => descriptor.Id, System.StringComparer.Ordinal)
        .ToImmutableArray();

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            // Computed once per compilation, by whichever action needs it first.
            var compilation = start.Compilation;
            var options = start.Options;
            var cancellationToken = start.CancellationToken;
            var plugin = new System.Lazy<PluginDiagnostics>(() => PluginDiagnostics.Compute(compilation, options, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);

            start.RegisterAdditionalFileAction(file =>
            {
                foreach (var diagnostic in plugin.Value.In(file.AdditionalFile.Path))
                {
                    file.ReportDiagnostic(diagnostic.ToDiagnostic());
                }
            });

            start.RegisterSyntaxTreeAction(tree =>
            {
                foreach (var diagnostic in plugin.Value.In(tree.Tree.FilePath))
                {
                    // A location in the tree itself, not a path: so #pragma and the IDE's document tie apply to it.
                    var location = Location.Create(tree.Tree, new Microsoft.CodeAnalysis.Text.TextSpan(diagnostic.Location!.Start, diagnostic.Location.Length));
                    tree.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ById(diagnostic.Id), location, diagnostic.Arguments.Cast<object>().ToArray()));
                }
            });
        });
    }
}
