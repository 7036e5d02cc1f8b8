using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Dify.Plugin.Generator.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace Dify.Plugin.CodeFixes;

/// <summary>Finds a manifest among a project's additional documents and replaces its text.</summary>
internal static class ManifestEdits
{
    public static TextDocument? Find(Project project, string? filePath) =>
        filePath is null
            ? null
            : project.AdditionalDocuments.FirstOrDefault(document => document.FilePath is not null && Same(document.FilePath, filePath));

    /// <summary>The manifest a diagnostic names in its <see cref="DifyUsageAnalyzer.ManifestFileProperty"/>, among the project's additional documents.</summary>
    public static TextDocument? FindFor(CodeFixContext context, Diagnostic diagnostic) =>
        Find(context.Document.Project, diagnostic.Properties.TryGetValue(DifyUsageAnalyzer.ManifestFileProperty, out var path) ? path : null);

    /// <summary>Offers a fix that rewrites <paramref name="manifest"/> with <paramref name="edit"/>.</summary>
    public static void Register(CodeFixContext context, Diagnostic diagnostic, TextDocument manifest, string title, string equivalenceKey, System.Func<string, string?> edit) =>
        context.RegisterCodeFix(
            CodeAction.Create(title, cancellationToken => ReplaceAsync(context.Document.Project.Solution, manifest, edit, cancellationToken), equivalenceKey),
            diagnostic);

    public static async Task<Solution> ReplaceAsync(Solution solution, TextDocument manifest, System.Func<string, string?> edit, CancellationToken cancellationToken)
    {
        var text = await manifest.GetTextAsync(cancellationToken).ConfigureAwait(false);
        var updated = edit(text.ToString());
        return updated is null || updated == text.ToString()
            ? solution
            : solution.WithAdditionalDocumentText(manifest.Id, SourceText.From(updated, text.Encoding ?? System.Text.Encoding.UTF8));
    }

    public static string DisplayName(TextDocument manifest)
    {
        var path = (manifest.FilePath ?? manifest.Name).Replace('\\', '/');
        var tools = path.LastIndexOf("/tools/", System.StringComparison.Ordinal);
        return tools >= 0 ? path.Substring(tools + 1) : System.IO.Path.GetFileName(path);
    }

    private static bool Same(string left, string right) =>
        string.Equals(left.Replace('\\', '/'), right.Replace('\\', '/'), System.StringComparison.OrdinalIgnoreCase);
}
