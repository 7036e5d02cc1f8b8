using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Dify.Plugin.Generator.Diagnostics;

/// <summary>
/// Who reports what. Editors that run analyzers but not generators (csharp-ls, some IDE paths) show only analyzer
/// diagnostics, so <c>GeneratorDiagnosticsAnalyzer</c> reports every diagnostic that has a place in a file, and the
/// generator reports those only when the build runs no analyzers (<see cref="Model.GeneratorOptions.ReportsDiagnostics"/>).
/// A diagnostic without a place (an MSBuild property) has no analyzer action outside compilation end, which IDEs run
/// only for full-solution analysis; the generator always reports those. Each problem is reported once either way.
/// </summary>
internal static class DiagnosticReporting
{
    /// <summary>Whether the analyzer reports <paramref name="diagnostic"/> (and the generator, by default, does not).</summary>
    public static bool ReportedByAnalyzer(DiagnosticInfo diagnostic) => diagnostic.Location is not null;

    public static void Report(SourceProductionContext context, IEnumerable<DiagnosticInfo> diagnostics, bool generatorReportsAll)
    {
        foreach (var diagnostic in diagnostics)
        {
            if (generatorReportsAll || !ReportedByAnalyzer(diagnostic))
            {
                context.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        }
    }
}
