using System.Collections.Generic;
using System.Linq;
using Dify.Plugin.Generator.Diagnostics;
using Dify.Plugin.Generator.Helpers;
using Dify.Plugin.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Dify.Plugin.Generator.Emit;

/// <summary>What one manifest's outputs depend on besides the manifest itself.</summary>
/// <param name="Keys">Every tool's key, in path order.</param>
/// <param name="Conflicts">Records whose name a user type took (DIFY2108).</param>
/// <param name="ImplementedTools">Tools that have a class (no DIFY1041 for them).</param>
/// <param name="HasPlugin">Whether the project has a <c>manifest.yaml</c>, so that declarations are needed.</param>
/// <param name="Namespace">The namespace of the generated code.</param>
/// <param name="ReportsDiagnostics">Whether the generator reports the diagnostics the analyzer otherwise reports (<see cref="DiagnosticReporting"/>).</param>
internal sealed record ToolOutputContext(
    EquatableArray<ToolKey> Keys,
    EquatableArray<RecordConflict> Conflicts,
    EquatableArray<string> ImplementedTools,
    bool HasPlugin,
    string Namespace,
    bool ReportsDiagnostics);

/// <summary>The wiring of the plugin's classes, and the context of its tool manifests' outputs made by the same step.</summary>
internal sealed record PluginWiring(WiringPlan Plan, ToolOutputContext ToolContext);

/// <summary>
/// The outputs of one manifest: its diagnostics, its parameter record and its declaration (in the record's file when
/// there is one, else in a file of its own).
/// </summary>
internal static class ManifestOutputs
{
    /// <summary>
    /// A tool manifest's files, written in the step that parsed it (see <see cref="ToolManifestOutput"/> for why the model
    /// goes no further). The declaration rides in the record's file (one source per tool manifest), or in its own when
    /// there is no record.
    /// </summary>
    public static ToolManifestOutput Write(ParseResult<ToolSpec> result, string @namespace)
    {
        var declaration = result.Declaration;
        return result.Value is { } tool
            ? new ToolManifestOutput(ToolKey.Of(tool), tool.NameLocation, result.Diagnostics, ParametersEmitter.Emit(tool, @namespace, declaration), null, declaration?.Entry)
            : new ToolManifestOutput(null, null, result.Diagnostics, null, declaration is null ? null : DeclarationEmitter.Emit(declaration, @namespace), declaration?.Entry);
    }

    public static void EmitTool(SourceProductionContext context, ToolManifestOutput output, ToolOutputContext shared)
    {
        var diagnostics = new List<DiagnosticInfo>(output.Diagnostics);
        var record = Record(output, shared, diagnostics);
        DiagnosticReporting.Report(context, diagnostics, shared.ReportsDiagnostics);
        if (record is { } written)
        {
            context.AddSource(written.HintName, written.Source);
        }
        else if (shared.HasPlugin && (output.Record?.DeclarationOnly() ?? output.DeclarationFile) is { } declaration)
        {
            context.AddSource(DeclarationHint(output.Declaration!.ManifestPath), declaration);
        }
    }

    /// <summary>
    /// Every diagnostic of one tool manifest: the parser's and those of the decisions about its record. The analyzer
    /// reports these, made by the same decisions as the generator's output.
    /// </summary>
    public static List<DiagnosticInfo> Diagnostics(ToolManifestOutput output, ToolOutputContext shared)
    {
        var diagnostics = new List<DiagnosticInfo>(output.Diagnostics);
        Record(output, shared, diagnostics);
        return diagnostics;
    }

    /// <summary>The tool's record file, or null (and why, where the user needs to know) when it is not written.</summary>
    private static (string HintName, string Source)? Record(ToolManifestOutput output, ToolOutputContext shared, List<DiagnosticInfo> diagnostics)
    {
        if (output is not { Key: { } tool, Record: { } record })
        {
            return null;
        }

        var first = ToolKey.FirstDeclaration(shared.Keys, tool.Name, tool.RecordName);
        if (first.FilePath != tool.FilePath)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateToolName, output.NameLocation, tool.Name, first.ManifestPath));
            return null;
        }

        if (!shared.ImplementedTools.Contains(tool.Name))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ToolWithoutClass, output.NameLocation, tool.Name, tool.ClassName, tool.RecordName));
        }

        if (shared.Conflicts.Any(conflict => conflict.ToolName == tool.Name))
        {
            return null;
        }

        var text = record.For(shared.HasPlugin);
        if (text.Length > ManifestLimits.MaxGeneratedCharacters)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ManifestOverLimit, output.NameLocation, tool.ManifestPath,
                $"the code generated for it would have {text.Length:N0} characters, more than the {ManifestLimits.MaxGeneratedCharacters:N0} allowed"));
            return null;
        }

        return (first.RecordHint, text);
    }

    /// <summary>
    /// A provider or plugin manifest's outputs: its declaration as UTF-8 data in a file of its own, when the project is
    /// a plugin, and the records of its <c>oauth_schema</c>.
    /// </summary>
    public static void EmitSupporting(SourceProductionContext context, SupportingManifestSpec manifest, ToolOutputContext shared)
    {
        EmitDeclaration(context, shared.HasPlugin ? manifest.Declaration : null, shared.Namespace);

        if (manifest.OAuth is { } oauth)
        {
            context.AddSource("DifyOAuth." + HintNames.Readable(oauth.ManifestPath) + ".g.cs", OAuthRecordsEmitter.Emit(oauth, shared.Namespace));
        }
    }

    private static void EmitDeclaration(SourceProductionContext context, DeclarationSpec? declaration, string targetNamespace)
    {
        if (declaration is not null)
        {
            context.AddSource(DeclarationHint(declaration.ManifestPath), DeclarationEmitter.Emit(declaration, targetNamespace));
        }
    }

    private static string DeclarationHint(string manifestPath) => "DifyPlugin.Declaration." + HintNames.Readable(manifestPath) + ".g.cs";
}
