using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dify.Plugin.Invocation;
using Dify.Plugin.Testing;
using Xunit;

namespace Dify.Plugin.Tests;

/// <summary>
/// The service invocations' requests and responses against hand-written JSON (sources in Golden/SOURCES.md): tools,
/// apps, workflow nodes, storage and file upload.
/// </summary>
public sealed class ServiceWireFormatTests
{
    private static readonly LLMModelConfig ClassifierModel = new()
    {
        Provider = "langgenius/openai/openai",
        Model = "gpt-4o-mini",
        Mode = "chat",
        CompletionParams = new JsonObject { ["temperature"] = 0.2 },
    };

    private readonly TestSession _test = new();

    private Session Session => _test.Session;

    [Fact]
    public async Task Builtin_tool_request_names_type_provider_tool_parameters_and_the_session_app()
    {
        var session = new Session(_test) { AppId = "app-42" };
        _test.Tool.RespondWith(ToolInvokeMessage.CreateText("ok"));

        await DrainAsync(session.Tool.InvokeBuiltinToolAsync("langgenius/google/google", "google_search", new JsonObject { ["query"] = "dify plugins", ["num"] = 3 }));

        var invocation = Assert.Single(_test.Invocations);
        Assert.Equal(InvokeType.Tool, invocation.Type);
        GoldenJson.AssertEqual(GoldenJson.Load("tool_builtin.request.json"), Request(invocation));
    }

    [Fact]
    public async Task Api_tool_request_carries_the_credential_and_no_app_id_outside_an_app()
    {
        _test.Tool.RespondWith(ToolInvokeMessage.CreateText("ok"));

        await DrainAsync(Session.Tool.InvokeAsync(ToolProviderType.Api, "weather-api", "get_forecast", new JsonObject { ["city"] = "Berlin" }, credentialId: "cred-7"));

        GoldenJson.AssertEqual(GoldenJson.Load("tool_api.request.json"), Request(_test.Invocations.Single()));
    }

    [Fact]
    public async Task Tool_request_takes_the_credential_from_the_session_context_when_none_is_given()
    {
        var session = new Session(_test) { Context = new SessionContext { ToolCredentialIds = new Dictionary<string, string> { ["weather-api"] = "cred-7", ["other"] = "cred-x" } } };
        _test.Tool.RespondWith();
        _test.Tool.RespondWith();

        await DrainAsync(session.Tool.InvokeApiToolAsync("weather-api", "get_forecast", new JsonObject { ["city"] = "Berlin" }));
        await DrainAsync(session.Tool.InvokeAsync(ToolProviderType.Api, "weather-api", "get_forecast", new JsonObject(), credentialId: "cred-explicit"));

        GoldenJson.AssertEqual(GoldenJson.Load("tool_api.request.json"), Request(_test.Invocations[0]));
        Assert.Equal("cred-explicit", _test.Tool.Requests[1].CredentialId);
    }

    [Theory]
    [InlineData("workflow")]
    [InlineData("api")]
    [InlineData("builtin")]
    public async Task Each_tool_shortcut_sends_its_provider_type(string expectedType)
    {
        _test.Tool.RespondWith();
        var parameters = new JsonObject();
        var messages = expectedType switch
        {
            "workflow" => Session.Tool.InvokeWorkflowToolAsync("p", "t", parameters),
            "api" => Session.Tool.InvokeApiToolAsync("p", "t", parameters),
            _ => Session.Tool.InvokeBuiltinToolAsync("p", "t", parameters),
        };

        await DrainAsync(messages);

        Assert.Equal(expectedType, _test.Tool.Requests.Single().ToolType);
    }

    [Fact]
    public async Task Tool_messages_from_Dify_are_read_with_their_payloads_and_blob_bytes()
    {
        _test.Tool.Endpoint.Enqueue([.. Frames("tool.response.frames.json", BackwardsResponseFrame.Stream)]);

        var messages = await CollectAsync(Session.Tool.InvokeBuiltinToolAsync("langgenius/google/google", "google_search", new JsonObject()));

        Assert.Equal(
            [ToolInvokeMessageType.Text, ToolInvokeMessageType.Json, ToolInvokeMessageType.Link, ToolInvokeMessageType.Blob, ToolInvokeMessageType.Variable],
            messages.Select(m => m.Type));
        Assert.Equal("Found 2 results", messages[0].Text);
        Assert.Equal("Dify", (string?)messages[1].Message!["json_object"]!["results"]![0]!["title"]);
        Assert.Equal("https://dify.ai", messages[2].Text);
        Assert.Equal("hello", Encoding.UTF8.GetString(messages[3].Blob.Span));
        Assert.Equal("text/plain", (string?)messages[3].Meta!["mime_type"]);
        Assert.Equal(2, (int)messages[4].Message!["variable_value"]!);
    }

    [Fact]
    public async Task Tool_message_of_an_unknown_type_is_a_protocol_error()
    {
        _test.Tool.Endpoint.Enqueue(BackwardsResponseFrame.Stream(JsonSerializer.SerializeToElement(new { type = "hologram", message = new { } })));

        var error = await Assert.ThrowsAsync<DifyProtocolException>(() => DrainAsync(Session.Tool.InvokeBuiltinToolAsync("p", "t", new JsonObject())));
        Assert.Contains("hologram", error.Message);
    }

    [Fact]
    public async Task Streaming_chat_request_sends_null_conversation_and_user_and_yields_each_event()
    {
        _test.App.Endpoint.Enqueue([.. Frames("app_chat_streaming.response.frames.json", BackwardsResponseFrame.Stream)]);

        var events = await CollectAsync(Session.App.Chat.InvokeStreamingAsync("app-42", "What is Dify?", new JsonObject { ["language"] = "en" }));

        Assert.Equal(InvokeType.App, _test.Invocations.Single().Type);
        GoldenJson.AssertEqual(GoldenJson.Load("app_chat_streaming.request.json"), Request(_test.Invocations.Single()));
        Assert.Equal("Dify is an LLM app platform.", string.Concat(events.Select(e => (string?)e["answer"])));
        Assert.Equal("message_end", (string?)events[^1]["event"]);
    }

    [Fact]
    public async Task Blocking_chat_request_continues_a_conversation_for_a_user()
    {
        _test.App.RespondWith(new JsonObject { ["event"] = "message", ["answer"] = "Plugins extend Dify." });

        var answer = await Session.App.Chat.InvokeAsync("app-42", "And plugins?", new JsonObject(), conversationId: "conv-9", user: "user-3");

        GoldenJson.AssertEqual(GoldenJson.Load("app_chat_blocking.request.json"), Request(_test.Invocations.Single()));
        Assert.Equal("Plugins extend Dify.", (string?)answer["answer"]);
    }

    [Fact]
    public async Task Blocking_workflow_request_has_no_query_and_returns_the_run()
    {
        _test.App.Endpoint.Enqueue(BackwardsResponseFrame.Stream(Element("app_workflow_blocking.response.json")));

        var run = await Session.App.Workflow.InvokeAsync("wf-1", new JsonObject { ["text"] = "summarise me" });

        GoldenJson.AssertEqual(GoldenJson.Load("app_workflow_blocking.request.json"), Request(_test.Invocations.Single()));
        Assert.Equal("short", (string?)run["data"]!["outputs"]!["summary"]);
    }

    [Fact]
    public async Task Streaming_completion_request_matches_the_workflow_shape()
    {
        _test.App.RespondWith(new JsonObject { ["event"] = "message", ["answer"] = "Tea is a drink." });

        var events = await CollectAsync(Session.App.Completion.InvokeStreamingAsync("cmp-1", new JsonObject { ["topic"] = "tea" }, user: "user-3"));

        GoldenJson.AssertEqual(GoldenJson.Load("app_completion_streaming.request.json"), Request(_test.Invocations.Single()));
        Assert.Equal("Tea is a drink.", (string?)Assert.Single(events)["answer"]);
    }

    [Fact]
    public async Task Fetch_app_sends_the_app_id_and_returns_Difys_object()
    {
        _test.FetchApp.Endpoint.Enqueue(BackwardsResponseFrame.Struct(Element("fetch_app.response.json")));

        var app = await Session.App.FetchAppAsync("app-42");

        Assert.Equal(InvokeType.FetchApp, _test.Invocations.Single().Type);
        GoldenJson.AssertEqual(GoldenJson.Load("fetch_app.request.json"), Request(_test.Invocations.Single()));
        Assert.Equal("advanced-chat", (string?)app["mode"]);
    }

    [Fact]
    public async Task Question_classifier_request_names_the_model_name_and_reads_the_node_response()
    {
        _test.QuestionClassifier.Endpoint.Enqueue(BackwardsResponseFrame.Struct(Element("node_question_classifier.response.json")));

        var response = await Session.WorkflowNode.QuestionClassifier.InvokeAsync(
            [new ClassConfig("1", "billing"), new ClassConfig("2", "technical support")], ClassifierModel, "My invoice is wrong");

        Assert.Equal(InvokeType.NodeQuestionClassifier, _test.Invocations.Single().Type);
        GoldenJson.AssertEqual(GoldenJson.Load("node_question_classifier.request.json"), Request(_test.Invocations.Single()));
        Assert.Equal("billing", (string?)response.Outputs["class_name"]);
        Assert.Equal("My invoice is wrong", (string?)response.Inputs["query"]);
        Assert.Equal("chat", (string?)response.ProcessData["model_mode"]);
    }

    [Fact]
    public async Task Parameter_extractor_request_sends_every_parameter_field_with_daemon_type_names()
    {
        _test.ParameterExtractor.RespondWith(new NodeResponse { ProcessData = [], Inputs = [], Outputs = new JsonObject { ["city"] = "Berlin" } });
        ParameterConfig[] parameters =
        [
            new("city", ExtractedParameterType.String, "The city to look up", Required: true),
            new("unit", ExtractedParameterType.Select) { Options = ["celsius", "fahrenheit"] },
            new("days", ExtractedParameterType.ArrayOfNumber, Required: false),
        ];

        var response = await Session.WorkflowNode.ParameterExtractor.InvokeAsync(
            parameters, ClassifierModel with { CompletionParams = [] }, "Weather in Berlin in celsius", "Prefer metric units");

        Assert.Equal(InvokeType.NodeParameterExtractor, _test.Invocations.Single().Type);
        GoldenJson.AssertEqual(GoldenJson.Load("node_parameter_extractor.request.json"), Request(_test.Invocations.Single()));
        Assert.Equal("Berlin", (string?)response.Outputs["city"]);
    }

    [Fact]
    public async Task Node_response_without_outputs_is_a_protocol_error()
    {
        _test.QuestionClassifier.Endpoint.Enqueue(BackwardsResponseFrame.Struct(JsonSerializer.SerializeToElement(new { process_data = new { }, inputs = new { } })));

        await Assert.ThrowsAsync<DifyProtocolException>(() =>
            Session.WorkflowNode.QuestionClassifier.InvokeAsync([new ClassConfig("1", "a")], ClassifierModel, "q"));
    }

    [Fact]
    public async Task Storage_requests_send_hex_values_and_read_each_daemon_answer()
    {
        var storage = _test.Storage.Endpoint;
        storage.Enqueue(BackwardsResponseFrame.Struct(Element("storage_set.response.json")));
        storage.Enqueue(BackwardsResponseFrame.Struct(Element("storage_get.response.json")));
        storage.Enqueue(BackwardsResponseFrame.Struct(Element("storage_exist.response.json")));
        storage.Enqueue(BackwardsResponseFrame.Struct(Element("storage_del.response.json")));

        await Session.Storage.SetStringAsync("greeting", "hello, 世界");
        var value = await Session.Storage.GetStringAsync("greeting");
        var exists = await Session.Storage.ExistsAsync("greeting");
        await Session.Storage.DeleteAsync("greeting");

        Assert.Equal("hello, 世界", value);
        Assert.True(exists);
        var requests = _test.Invocations;
        Assert.All(requests, request => Assert.Equal(InvokeType.Storage, request.Type));
        GoldenJson.AssertEqual(GoldenJson.Load("storage_set.request.json"), Request(requests[0]));
        GoldenJson.AssertEqual(GoldenJson.Load("storage_get.request.json"), Request(requests[1]));
        GoldenJson.AssertEqual(GoldenJson.Load("storage_exist.request.json"), Request(requests[2]));
        GoldenJson.AssertEqual(GoldenJson.Load("storage_del.request.json"), Request(requests[3]));
    }

    [Fact]
    public async Task Storage_set_answered_with_something_other_than_ok_is_a_protocol_error()
    {
        _test.Storage.Endpoint.Enqueue(BackwardsResponseFrame.Struct(JsonSerializer.SerializeToElement(new { data = "nope" })));

        var error = await Assert.ThrowsAsync<DifyProtocolException>(() => Session.Storage.SetAsync("k", new byte[] { 1 }));
        Assert.Contains("nope", error.Message);
    }

    [Fact]
    public async Task Upload_asks_for_a_signed_url_posts_the_file_there_and_reads_the_stored_file()
    {
        _test.File.Endpoint.Enqueue(BackwardsResponseFrame.Struct(Element("upload_file.response.json")));
        var upload = new RecordingHandler(HttpStatusCode.Created, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "uploaded_file.response.json")));
        var session = new Session(_test, new SessionOptions { FileUploadClient = new HttpClient(upload) });

        var file = await session.File.UploadAsync("report.pdf", "%PDF-"u8.ToArray(), "application/pdf");

        Assert.Equal(InvokeType.UploadFile, _test.Invocations.Single().Type);
        GoldenJson.AssertEqual(GoldenJson.Load("upload_file.request.json"), Request(_test.Invocations.Single()));
        Assert.Equal("https://files.example.com/files/upload/for-plugin?timestamp=1735689600&nonce=abc&sign=xyz", upload.Url);
        Assert.Equal("file", upload.FieldName);
        Assert.Equal("report.pdf", upload.FileName);
        Assert.Equal("application/pdf", upload.ContentType);
        Assert.Equal("%PDF-"u8.ToArray(), upload.Content);
        Assert.Contains("Content-Disposition: form-data; name=file; filename=report.pdf", upload.Raw!.Replace("\"", ""), StringComparison.Ordinal);
        Assert.Equal(("f-123", "report.pdf", 5L, "pdf", "application/pdf"), (file.Id, file.Name, file.Size, file.Extension, file.MimeType));
        Assert.Equal(DifyFileType.Document, file.Type);
        Assert.Equal("https://files.example.com/files/tools/f-123.pdf?sign=xyz", file.PreviewUrl);
    }

    [Fact]
    public async Task Uploaded_file_keeps_the_type_Dify_states_over_the_one_its_mime_type_implies()
    {
        _test.File.Endpoint.Enqueue(BackwardsResponseFrame.Struct(Element("upload_file.response.json")));
        var body = """{"id": "f-1", "name": "voice.bin", "size": 3, "extension": "bin", "mime_type": "application/octet-stream", "type": "audio", "preview_url": null}""";
        var session = new Session(_test, new SessionOptions { FileUploadClient = new HttpClient(new RecordingHandler(HttpStatusCode.Created, body)) });

        var file = await session.File.UploadAsync("voice.bin", new byte[3], "application/octet-stream");

        Assert.Equal(DifyFileType.Audio, file.Type);
        Assert.Null(file.PreviewUrl);
        Assert.Equal("document", (string?)file.ToAppParameter()["type"]);
    }

    [Fact]
    public async Task Upload_not_answered_with_201_fails_with_the_status_and_body()
    {
        _test.File.Endpoint.Enqueue(BackwardsResponseFrame.Struct(Element("upload_file.response.json")));
        var session = new Session(_test, new SessionOptions { FileUploadClient = new HttpClient(new RecordingHandler(HttpStatusCode.Forbidden, "signature expired")) });

        var error = await Assert.ThrowsAsync<DifyProtocolException>(() => session.File.UploadAsync("a.txt", "a"u8.ToArray(), "text/plain"));

        Assert.Equal("upload file failed, status code: 403, response: signature expired", error.Message);
    }

    [Fact]
    public async Task Upload_without_a_signed_url_fails_as_the_sdk_does()
    {
        _test.File.Endpoint.Enqueue(BackwardsResponseFrame.Struct(JsonSerializer.SerializeToElement(new { url = "" })));

        var error = await Assert.ThrowsAsync<DifyProtocolException>(() => Session.File.UploadAsync("a.txt", "a"u8.ToArray(), "text/plain"));

        Assert.Equal("upload file failed, could not get signed url", error.Message);
    }

    private static JsonNode Request(BackwardsInvocationRequest invocation) => JsonNode.Parse(invocation.RequestJson.Span)!;

    private static JsonElement Element(string golden) => JsonSerializer.SerializeToElement(GoldenJson.Load(golden));

    private static IEnumerable<BackwardsResponseFrame> Frames(string golden, Func<JsonElement, BackwardsResponseFrame> frame) =>
        GoldenJson.Load(golden).AsArray().Select(item => frame(JsonSerializer.SerializeToElement(item)));

    private static async Task DrainAsync<T>(IAsyncEnumerable<T> items) => await CollectAsync(items);

    private static async Task<List<T>> CollectAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private sealed class RecordingHandler(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public string? Url { get; private set; }

        public string? FieldName { get; private set; }

        public string? FileName { get; private set; }

        public string? ContentType { get; private set; }

        public byte[]? Content { get; private set; }

        public string? Raw { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Url = request.RequestUri!.ToString();
            var raw = await request.Content!.ReadAsStringAsync(cancellationToken);
            var part = Assert.Single(Assert.IsType<MultipartFormDataContent>(request.Content));
            FieldName = part.Headers.ContentDisposition!.Name!.Trim('"');
            FileName = part.Headers.ContentDisposition.FileName!.Trim('"');
            ContentType = part.Headers.ContentType!.MediaType;
            Content = await part.ReadAsByteArrayAsync(cancellationToken);
            Raw = raw;
            return new HttpResponseMessage(status) { Content = new StringContent(body) };
        }
    }
}
