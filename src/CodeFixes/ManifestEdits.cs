using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Dify.Plugin.CodeFixes;

/// <summary>Finds a manifest among a project's additional documents and replaces its text.</summary>
internal static class ManifestEdits
{
    public static TextDocument? Find(Project project, string? filePath) =>
        filePath is null
            ? null
            : project.AdditionalDocuments.FirstOrDefault(document => document.FilePath is not null && Same(document.FilePath, filePath));

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
