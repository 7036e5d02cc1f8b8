using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Dify.Plugin.Generator.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Dify.Plugin.CodeFixes;

/// <summary>DIFY2001 and DIFY2006: adds the missing feature token (tool-call, vision, …) to the model-selector's scope in the tool's YAML.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ScopeTokenCodeFixProvider)), Shared]
public sealed class ScopeTokenCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("DIFY2001", "DIFY2006");

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var properties = diagnostic.Properties;
            if (!properties.TryGetValue(DifyUsageAnalyzer.ParameterProperty, out var parameter) || parameter is null
                || !properties.TryGetValue(DifyUsageAnalyzer.TokenProperty, out var token) || token is null
                || ManifestEdits.Find(context.Document.Project, properties.GetValueOrDefault(DifyUsageAnalyzer.ManifestFileProperty)) is not { } manifest)
            {
                continue;
            }

            var title = $"Add '&{token}' to the scope of '{parameter}' in {ManifestEdits.DisplayName(manifest)}";
            context.RegisterCodeFix(
                CodeAction.Create(
                    title,
                    cancellationToken => ManifestEdits.ReplaceAsync(context.Document.Project.Solution, manifest, text => YamlEditor.AddScopeToken(text, parameter, token), cancellationToken),
                    equivalenceKey: "DifyScope:" + token),
                diagnostic);
        }

        return Task.CompletedTask;
    }
}
