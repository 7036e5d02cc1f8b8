using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading.Tasks;
using Dify.Plugin.Generator.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Dify.Plugin.CodeFixes;

/// <summary>
/// DIFY2008: sets resource.permission.&lt;service&gt;.enabled to true in manifest.yaml, and for storage a size of 1 MiB
/// when the manifest has none the daemon accepts.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ServicePermissionCodeFixProvider)), Shared]
public sealed class ServicePermissionCodeFixProvider : CodeFixProvider
{
    /// <summary>The storage size the fix writes: 1 MiB, well inside the daemon's 1024 to 1073741824 bytes.</summary>
    public const int DefaultStorageSize = 1048576;

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("DIFY2008");

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(ServicePermissionAnalyzer.PermissionProperty, out var permission) || permission is null
                || ManifestEdits.FindFor(context, diagnostic) is not { } manifest)
            {
                continue;
            }

            var needsSize = diagnostic.Properties.TryGetValue(ServicePermissionAnalyzer.NeedsSizeProperty, out var size) && size == "true";
            ManifestEdits.Register(
                context,
                diagnostic,
                manifest,
                needsSize ? $"Enable the '{permission}' permission with a size of {DefaultStorageSize} bytes in manifest.yaml" : $"Enable the '{permission}' permission in manifest.yaml",
                "DifyServicePermission:" + permission,
                text => Edit(text, permission, needsSize));
        }

        return Task.CompletedTask;
    }

    private static string? Edit(string text, string permission, bool needsSize)
    {
        var section = new[] { "resource", "permission", permission };
        var enabled = YamlEditor.SetTrue(text, section, new[] { "enabled" });
        return enabled is null || !needsSize
            ? enabled
            : YamlEditor.SetScalar(
                enabled,
                new[] { "resource", "permission", permission, "size" },
                DefaultStorageSize.ToString(CultureInfo.InvariantCulture),
                scalar => scalar.IsNumber && scalar.NumberValue is >= ServicePermissions.MinimumStorageSize and <= ServicePermissions.MaximumStorageSize);
    }
}
