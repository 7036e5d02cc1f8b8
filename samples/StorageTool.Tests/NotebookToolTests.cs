using System.Text;
using Dify.Plugin;
using Dify.Plugin.Testing;
using Xunit;

namespace StorageTool.Tests;

/// <summary>The notebook against the test double: its storage keeps the notes between runs and receives the export.</summary>
public sealed class NotebookToolTests
{
    private readonly TestSession _test = new();

    [Fact]
    public async Task Notes_added_in_one_run_are_listed_in_the_next()
    {
        await _test.RunToolAsync(new NotebookTool(), """{"action": "add", "text": "buy milk"}""");
        var added = await _test.RunToolAsync(new NotebookTool(), """{"action": "add", "text": "call Ana"}""");
        var listed = await _test.RunToolAsync(new NotebookTool(), """{"action": "list"}""");

        Assert.Equal("Saved note 2.", Assert.Single(added).Text);
        Assert.Equal("# Notes\n\n1. buy milk\n2. call Ana\n", Assert.Single(listed).Text);
        Assert.Equal("""["buy milk","call Ana"]""", Encoding.UTF8.GetString(_test.Storage.Values["notes"]));
    }

    [Fact]
    public async Task Export_uploads_the_notes_as_markdown_and_returns_the_stored_file()
    {
        _test.Storage.Seed("notes", """["first","second"]""");

        var messages = await _test.RunToolAsync(new NotebookTool(), """{"action": "export"}""");

        var upload = Assert.Single(_test.File.Uploads);
        Assert.Equal(("notes.md", "text/markdown"), (upload.Filename, upload.MimeType));
        Assert.Equal("# Notes\n\n1. first\n2. second\n", Encoding.UTF8.GetString(upload.Content));
        Assert.Equal(ToolInvokeMessageType.Link, messages[0].Type);
        Assert.Equal(upload.Result.PreviewUrl, messages[0].Text);
        Assert.Equal(upload.Result.Id, (string?)messages[1].Message!["variable_value"]);
    }

    [Fact]
    public async Task A_full_storage_is_reported_and_the_notes_stay_as_they_were()
    {
        _test.Storage.Seed("notes", """["first"]""");
        _test.Storage.SizeLimit = 12;

        var messages = await _test.RunToolAsync(new NotebookTool(), """{"action": "add", "text": "a note too long for the quota"}""");

        Assert.Equal("The notebook is full; export and clear it first.", Assert.Single(messages).Text);
        Assert.Equal("""["first"]""", Encoding.UTF8.GetString(_test.Storage.Values["notes"]));
    }

    [Fact]
    public async Task An_empty_notebook_lists_nothing_without_reading_a_missing_key()
    {
        var messages = await _test.RunToolAsync(new NotebookTool(), """{"action": "list"}""");

        Assert.Equal("No notes yet.", Assert.Single(messages).Text);
        Assert.Equal(["exist"], _test.Storage.Requests.Select(request => (string)request["opt"]!));
    }
}
