using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Dify.Plugin.Generator.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Dify.Plugin.CodeFixes;

/// <summary>DIFY2004: sets resource.permission.model.enabled and the invocation's flag to true in manifest.yaml.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PermissionCodeFixProvider)), Shared]
public sealed class PermissionCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("DIFY2004");

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(DifyUsageAnalyzer.TokenProperty, out var flag) || flag is null
                || ManifestEdits.Find(context.Document.Project, diagnostic.Properties.GetValueOrDefault(DifyUsageAnalyzer.ManifestFileProperty)) is not { } manifest)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Enable the '{flag}' model permission in manifest.yaml",
                    cancellationToken => ManifestEdits.ReplaceAsync(
                        context.Document.Project.Solution,
                        manifest,
                        text => YamlEditor.SetTrue(text, new[] { "resource", "permission", "model" }, new[] { "enabled", flag }),
                        cancellationToken),
                    equivalenceKey: "DifyPermission:" + flag),
                diagnostic);
        }

        return Task.CompletedTask;
    }
}
