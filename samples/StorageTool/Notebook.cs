using System.Text;
using System.Text.Json.Serialization;
using Dify.Plugin;

namespace StorageTool;

/// <summary>The notes, kept as one JSON array under one storage key (the storage is shared by the whole workspace).</summary>
internal sealed class Notebook(StorageInvocation storage)
{
    private const string Key = "notes";

    public async Task<IReadOnlyList<string>> ReadAsync(CancellationToken cancellationToken) =>
        await storage.ExistsAsync(Key, cancellationToken)
            ? await storage.GetJsonAsync(Key, NotebookJsonContext.Default.StringArray, cancellationToken) ?? []
            : [];

    public Task WriteAsync(IReadOnlyList<string> notes, CancellationToken cancellationToken) =>
        storage.SetJsonAsync(Key, notes.ToArray(), NotebookJsonContext.Default.StringArray, cancellationToken);

    public static string ToMarkdown(IReadOnlyList<string> notes)
    {
        var markdown = new StringBuilder("# Notes\n\n");
        for (var index = 0; index < notes.Count; index++)
        {
            markdown.Append(index + 1).Append(". ").Append(notes[index]).Append('\n');
        }

        return markdown.ToString();
    }
}

[JsonSerializable(typeof(string[]))]
internal sealed partial class NotebookJsonContext : JsonSerializerContext;
