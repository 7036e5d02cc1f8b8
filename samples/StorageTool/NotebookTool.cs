using System.Runtime.CompilerServices;
using System.Text;
using Dify.Plugin;
using Dify.Plugin.Invocation;

namespace StorageTool;

/// <summary>
/// Keeps notes in the plugin's storage and exports them as a Markdown file stored in Dify.
/// <see cref="NotebookParameters"/> is generated from <c>tools/notebook.yaml</c>.
/// </summary>
[DifyTool("notebook")]
public sealed partial class NotebookTool
{
    /// <summary>Runs the tool with typed parameters.</summary>
    public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(NotebookParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var notebook = new Notebook(Session.Storage);
        var notes = await notebook.ReadAsync(cancellationToken);
        switch (parameters.Action)
        {
            case NotebookParameters.ActionOption.Add when string.IsNullOrWhiteSpace(parameters.Text):
                yield return CreateTextMessage("Nothing to add: the note is empty.");
                break;
            case NotebookParameters.ActionOption.Add:
                var saved = await TrySaveAsync(notebook, [.. notes, parameters.Text!], cancellationToken);
                yield return CreateTextMessage(saved ? $"Saved note {notes.Count + 1}." : "The notebook is full; export and clear it first.");
                break;
            case NotebookParameters.ActionOption.Export:
                var file = await Session.File.UploadAsync("notes.md", Encoding.UTF8.GetBytes(Notebook.ToMarkdown(notes)), "text/markdown", cancellationToken);
                yield return file.ToMessage();
                yield return CreateVariableMessage("file_id", file.Id);
                break;
            default:
                yield return CreateTextMessage(notes.Count == 0 ? "No notes yet." : Notebook.ToMarkdown(notes));
                break;
        }
    }

    private static async Task<bool> TrySaveAsync(Notebook notebook, IReadOnlyList<string> notes, CancellationToken cancellationToken)
    {
        try
        {
            await notebook.WriteAsync(notes, cancellationToken);
            return true;
        }
        catch (DifyInvocationException exception) when (exception.DifyMessage.Contains("max storage size", StringComparison.Ordinal))
        {
            return false;
        }
    }
}
