using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Dify.Plugin.Generator.Analyzers;
using Microsoft.CodeAnalysis;
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
                || ManifestEdits.FindFor(context, diagnostic) is not { } manifest)
            {
                continue;
            }

            ManifestEdits.Register(
                context,
                diagnostic,
                manifest,
                $"Enable the '{flag}' model permission in manifest.yaml",
                "DifyPermission:" + flag,
                text => YamlEditor.SetTrue(text, new[] { "resource", "permission", "model" }, new[] { "enabled", flag }));
        }

        return Task.CompletedTask;
    }
}
