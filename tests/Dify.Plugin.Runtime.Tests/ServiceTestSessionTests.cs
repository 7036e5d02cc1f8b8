using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Dify.Plugin.Invocation;
using Dify.Plugin.Testing;
using Xunit;

namespace Dify.Plugin.Tests;

/// <summary>The test double's services: scripted answers, recorded requests, the in-memory storage and uploads, and the typed flow from selector values.</summary>
public sealed class ServiceTestSessionTests
{
    private readonly TestSession _test = new();

    private Session Session => _test.Session;

    [Fact]
    public async Task Storage_keeps_values_between_calls_like_the_daemon()
    {
        Assert.False(await Session.Storage.ExistsAsync("visits"));
        await Session.Storage.SetStringAsync("visits", "1");
        await Session.Storage.SetStringAsync("visits", "2");

        Assert.True(await Session.Storage.ExistsAsync("visits"));
        Assert.Equal("2", await Session.Storage.GetStringAsync("visits"));
        Assert.Equal("2"u8.ToArray(), _test.Storage.Values["visits"]);

        await Session.Storage.DeleteAsync("visits");
        Assert.False(await Session.Storage.ExistsAsync("visits"));
        Assert.Equal(["exist", "set", "set", "exist", "get", "del", "exist"], _test.Storage.Requests.Select(r => (string)r["opt"]!));
    }

    [Fact]
    public async Task Storage_get_of_a_missing_key_fails_with_the_daemons_message()
    {
        var error = await Assert.ThrowsAsync<DifyInvocationException>(() => Session.Storage.GetAsync("never-set"));

        Assert.Equal(InvokeType.Storage, error.InvokeType);
        Assert.StartsWith("load data failed", error.DifyMessage);
    }

    [Fact]
    public async Task Storage_enforces_the_manifest_size_over_all_keys()
    {
        _test.Storage.SizeLimit = 8;
        _test.Storage.Seed("a", "12345");

        await Session.Storage.SetAsync("a", new byte[8]);
        var error = await Assert.ThrowsAsync<DifyInvocationException>(() => Session.Storage.SetAsync("b", new byte[1]));

        Assert.Contains("allocated size is greater than max storage size", error.DifyMessage);
        Assert.False(_test.Storage.Values.ContainsKey("b"));
    }

    [Fact]
    public async Task Storage_json_round_trips_through_a_source_generated_context_and_as_nodes()
    {
        await Session.Storage.SetJsonAsync("state", new CounterState("visits", 3), ServiceTestJsonContext.Default.CounterState);
        await Session.Storage.SetJsonAsync("node", new JsonObject { ["seen"] = new JsonArray("a", "b") });

        Assert.Equal(new CounterState("visits", 3), await Session.Storage.GetJsonAsync("state", ServiceTestJsonContext.Default.CounterState));
        Assert.Equal("""{"name":"visits","count":3}""", Encoding.UTF8.GetString(_test.Storage.Values["state"]));
        Assert.Equal("b", (string?)(await Session.Storage.GetJsonAsync("node"))!["seen"]![1]);
    }

    [Fact]
    public async Task Storage_permission_error_is_scripted_before_the_store_answers()
    {
        _test.Storage.RespondWithError("permission denied, you need to enable storage access in plugin manifest");

        var error = await Assert.ThrowsAsync<DifyInvocationException>(() => Session.Storage.SetStringAsync("k", "v"));

        Assert.True(error.IsPermissionDenied);
        Assert.Empty(_test.Storage.Values);
    }

    [Fact]
    public async Task Service_calls_honour_cancellation()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        _test.App.RespondWith(new JsonObject { ["answer"] = "never read" });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Session.Storage.SetStringAsync("k", "v", cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Session.App.Workflow.InvokeAsync("wf-1", new JsonObject(), cancellationToken: cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Session.File.UploadAsync("a.txt", "a"u8.ToArray(), "text/plain", cancelled.Token));
        Assert.Empty(_test.Storage.Values);
        Assert.Empty(_test.File.Uploads);
    }

    [Fact]
    public async Task Uploads_are_recorded_with_their_bytes_and_answered_with_a_stored_file()
    {
        var image = await Session.File.UploadAsync("chart.png", new byte[] { 0x89, 0x50, 0x4E, 0x47 }, "image/png");
        using var text = new MemoryStream("notes"u8.ToArray());
        var document = await Session.File.UploadAsync("notes.txt", text, "text/plain");

        Assert.Equal(["chart.png", "notes.txt"], _test.File.Uploads.Select(u => u.Filename));
        Assert.Equal("notes"u8.ToArray(), _test.File.Uploads[1].Content);
        Assert.Equal(("test-file-1", 4L, DifyFileType.Image), (image.Id, image.Size, image.Type));
        Assert.Equal(DifyFileType.Document, document.Type);
        Assert.Equal("image/png", (string?)_test.File.Requests[0]["mimetype"]);

        var message = image.ToMessage();
        Assert.Equal(ToolInvokeMessageType.Image, message.Type);
        Assert.Equal(image.PreviewUrl, message.Text);
        Assert.Equal(ToolInvokeMessageType.Link, document.ToMessage().Type);
    }

    [Fact]
    public async Task Uploaded_file_becomes_an_app_input_as_to_app_parameter_makes_it()
    {
        _test.File.RespondWith(new UploadedFile { Id = "f-9", Name = "talk.mp3", Size = 3, Extension = ".mp3", MimeType = "audio/mpeg" });

        var file = await Session.File.UploadAsync("talk.mp3", new byte[3], "audio/mpeg");

        GoldenJson.AssertEqual(
            JsonNode.Parse("""{"tool_file_id": "f-9", "transfer_method": "tool_file", "type": "audio"}""")!,
            file.ToAppParameter());
        Assert.Throws<InvalidOperationException>(() => file.ToMessage());
    }

    [Fact]
    public async Task Upload_url_refused_by_Dify_is_an_invocation_error()
    {
        _test.File.RespondWithError("upload file failed: tenant quota exceeded");

        var error = await Assert.ThrowsAsync<DifyInvocationException>(() => Session.File.UploadAsync("a.txt", "a"u8.ToArray(), "text/plain"));

        Assert.Equal(InvokeType.UploadFile, error.InvokeType);
        Assert.Empty(_test.File.Uploads);
    }

    [Fact]
    public async Task Tool_responder_sees_the_parsed_request()
    {
        _test.Tool.RespondUsing(request => [ToolInvokeMessage.CreateText($"{request.Provider}/{request.Tool}: {request.Parameters["query"]}")]);

        var messages = new List<ToolInvokeMessage>();
        await foreach (var message in Session.Tool.InvokeBuiltinToolAsync("google", "search", new JsonObject { ["query"] = "cats" }))
        {
            messages.Add(message);
        }

        Assert.Equal("google/search: cats", Assert.Single(messages).Text);
        Assert.Null(_test.Tool.Requests.Single().AppId);
    }

    [Fact]
    public async Task Tool_permission_error_reaches_the_caller()
    {
        _test.Tool.RespondWithError("permission denied, you need to enable tool access in plugin manifest");

        var error = await Assert.ThrowsAsync<DifyInvocationException>(async () =>
        {
            await foreach (var _ in Session.Tool.InvokeBuiltinToolAsync("google", "search", new JsonObject()))
            {
            }
        });

        Assert.True(error.IsPermissionDenied);
        Assert.Equal(InvokeType.Tool, error.InvokeType);
    }

    [Fact]
    public async Task Unscripted_service_call_says_how_to_script_it()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Session.App.FetchAppAsync("app-1"));

        Assert.Contains("'fetch_app'", error.Message);
    }

    [Fact]
    public async Task App_selector_value_goes_straight_into_a_chat_call_with_its_inputs()
    {
        var selection = AppSelection.FromJson(
            JsonSerializer.SerializeToElement(JsonNode.Parse("""{"app_id": "app-7", "inputs": {"tone": "formal"}, "files": []}""")),
            "app");
        _test.App.RespondUsing(request => [new JsonObject { ["answer"] = $"{request.AppId} in {request.Inputs["tone"]} tone: {request.Query}" }]);

        var answer = await Session.App.Chat.InvokeAsync(selection, "hello");
        var streamed = new List<JsonObject>();
        await foreach (var appEvent in Session.App.Workflow.InvokeStreamingAsync(selection))
        {
            streamed.Add(appEvent);
        }

        Assert.Equal("app-7 in formal tone: hello", (string?)answer["answer"]);
        var requests = _test.App.Requests;
        Assert.Equal(("app-7", "blocking", "formal"), (requests[0].AppId, requests[0].ResponseMode, (string?)requests[0].Inputs["tone"]));
        Assert.Equal(("app-7", "streaming", null), (requests[1].AppId, requests[1].ResponseMode, requests[1].Query));
        Assert.Single(streamed);
    }

    [Fact]
    public async Task Model_selector_value_goes_straight_into_a_workflow_node()
    {
        var model = LLMModelConfig.FromModelSelector(
            JsonSerializer.SerializeToElement(JsonNode.Parse("""{"provider": "langgenius/openai/openai", "model": "gpt-4o", "model_type": "llm", "mode": "chat", "completion_params": {"temperature": 0}}""")),
            "model");
        _test.QuestionClassifier.RespondWith(new NodeResponse { ProcessData = [], Inputs = [], Outputs = new JsonObject { ["class_name"] = "greeting" } });

        var response = await Session.WorkflowNode.QuestionClassifier.InvokeAsync([new ClassConfig("1", "greeting")], model, "hi there");

        Assert.Equal("greeting", (string?)response.Outputs["class_name"]);
        var sent = _test.QuestionClassifier.Requests.Single()["model"]!;
        Assert.Equal(("langgenius/openai/openai", "gpt-4o", "chat"), ((string?)sent["provider"], (string?)sent["name"], (string?)sent["mode"]));
        Assert.Equal(0, (int)sent["completion_params"]!["temperature"]!);
    }

    [Fact]
    public async Task Workflow_node_refuses_a_model_selector_nobody_filled()
    {
        var empty = new LLMModelConfig { Provider = "", Model = "", Mode = "chat" };

        await Assert.ThrowsAsync<ArgumentException>(() => Session.WorkflowNode.ParameterExtractor.InvokeAsync([], empty, "q"));
        Assert.Empty(_test.Invocations);
    }
}

/// <summary>A value a tool keeps in storage.</summary>
public sealed record CounterState(string Name, int Count);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CounterState))]
internal sealed partial class ServiceTestJsonContext : JsonSerializerContext;
