using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Dify.Plugin.Hosting.Tests.Fixture;
using Xunit;

namespace Dify.Plugin.Hosting.Tests;

/// <summary>
/// One test per service through the fake daemon: the backwards request leaves the plugin over the socket, the
/// daemon's scripted answer comes back, and the tool yields the result.
/// </summary>
public sealed class ServiceInvocationTests
{
    private static readonly JsonObject ModelSelection = new()
    {
        ["provider"] = "langgenius/openai/openai", ["model"] = "gpt-4o-mini", ["model_type"] = "llm", ["mode"] = "chat", ["completion_params"] = new JsonObject(),
    };

    [Fact]
    public async Task Tool_call_leaves_as_a_tool_invocation_and_the_other_tools_messages_are_relayed()
    {
        await using var run = await HostRun.StartAsync();

        var result = await run.Connection.RequestAsync(
            Relay("tool", "dify plugins"),
            invoke => Answer(
                new JsonObject { ["type"] = "text", ["message"] = new JsonObject { ["text"] = "Found: " }, ["meta"] = null },
                new JsonObject { ["type"] = "text", ["message"] = new JsonObject { ["text"] = (string?)invoke["request"]!["tool_parameters"]!["query"] }, ["meta"] = null }));

        AssertCompleted(result, run.Connection);
        var invocation = Assert.Single(result.Invocations);
        Assert.Equal("tool", (string?)invocation["type"]);
        var request = invocation["request"]!.AsObject();
        Assert.Equal(("builtin", "langgenius/google/google", "google_search"), ((string?)request["tool_type"], (string?)request["provider"], (string?)request["tool"]));
        Assert.Equal("Found: dify plugins", result.Text);
    }

    [Fact]
    public async Task Tool_call_carries_the_envelopes_app_and_the_credential_of_its_session_context()
    {
        await using var run = await HostRun.StartAsync();
        var sessionId = Guid.NewGuid().ToString();
        var envelope = new JsonObject
        {
            ["session_id"] = sessionId,
            ["conversation_id"] = null,
            ["message_id"] = null,
            ["app_id"] = "app-9",
            ["endpoint_id"] = null,
            ["context"] = new JsonObject { ["credentials"] = new JsonObject { ["tool_credentials"] = new JsonObject { ["langgenius/google/google"] = "cred-ctx" } } },
            ["event"] = "request",
            ["data"] = Relay("tool", "x"),
        };

        var following = run.Connection.FollowAsync(sessionId, _ => Answer(new JsonObject { ["type"] = "text", ["message"] = new JsonObject { ["text"] = "ok" }, ["meta"] = null }));
        await run.Connection.WriteRawAsync(Encoding.UTF8.GetBytes(envelope.ToJsonString() + "\n"));
        var result = await following;

        AssertCompleted(result, run.Connection);
        var request = Assert.Single(result.Invocations)["request"]!;
        Assert.Equal(("app-9", "cred-ctx"), ((string?)request["app_id"], (string?)request["credential_id"]));
        Assert.Equal("ok", result.Text);
    }

    [Fact]
    public async Task App_call_sends_the_selected_app_and_its_inputs_and_streams_the_answer_back()
    {
        await using var run = await HostRun.StartAsync();
        var parameters = new JsonObject
        {
            ["service"] = "app",
            ["query"] = "What is Dify?",
            ["app"] = new JsonObject { ["app_id"] = "app-7", ["inputs"] = new JsonObject { ["tone"] = "formal" }, ["files"] = new JsonArray() },
        };

        var result = await run.Connection.RequestAsync(
            DaemonConnection.InvokeTool("testkit", "relay", parameters),
            _ => Answer(new JsonObject { ["event"] = "message", ["answer"] = "An LLM " }, new JsonObject { ["event"] = "message", ["answer"] = "app platform." }));

        AssertCompleted(result, run.Connection);
        var invocation = Assert.Single(result.Invocations);
        Assert.Equal("app", (string?)invocation["type"]);
        var request = invocation["request"]!.AsObject();
        Assert.Equal(("app-7", "What is Dify?", "streaming", "formal"), ((string?)request["app_id"], (string?)request["query"], (string?)request["response_mode"], (string?)request["inputs"]!["tone"]));
        Assert.Equal("An LLM app platform.", result.Text);
    }

    [Fact]
    public async Task Workflow_node_call_sends_the_selected_model_and_yields_the_class()
    {
        await using var run = await HostRun.StartAsync();
        var parameters = new JsonObject { ["service"] = "node", ["query"] = "My invoice is wrong", ["model"] = ModelSelection.DeepClone() };

        var result = await run.Connection.RequestAsync(
            DaemonConnection.InvokeTool("testkit", "relay", parameters),
            _ => Answer(new JsonObject { ["process_data"] = new JsonObject(), ["inputs"] = new JsonObject(), ["outputs"] = new JsonObject { ["class_name"] = "billing" } }));

        AssertCompleted(result, run.Connection);
        var invocation = Assert.Single(result.Invocations);
        Assert.Equal("node_question_classifier", (string?)invocation["type"]);
        var model = invocation["request"]!["model"]!;
        Assert.Equal(("langgenius/openai/openai", "gpt-4o-mini", "chat"), ((string?)model["provider"], (string?)model["name"], (string?)model["mode"]));
        Assert.Equal("billing", result.Text);
    }

    [Fact]
    public async Task Storage_calls_keep_the_notebook_in_the_daemons_store()
    {
        await using var run = await SampleHost.StartAsync(StorageTool.DifyPlugin.Registration);
        var store = new Dictionary<string, string>();

        var added = await run.Connection.RequestAsync(Notebook("add", "buy milk"), invoke => Answer(Storage(store, invoke)));
        var listed = await run.Connection.RequestAsync(Notebook("list"), invoke => Answer(Storage(store, invoke)));

        AssertCompleted(added, run.Connection);
        AssertCompleted(listed, run.Connection);
        Assert.Equal(["exist", "set"], added.Invocations.Select(invocation => (string?)invocation["request"]!["opt"]));
        Assert.All(added.Invocations, invocation => Assert.Equal("storage", (string?)invocation["type"]));
        Assert.Equal("Saved note 1.", added.Text);
        Assert.Equal("""["buy milk"]""", Encoding.UTF8.GetString(Convert.FromHexString(store["notes"])));
        Assert.Equal("# Notes\n\n1. buy milk\n", listed.Text);
    }

    [Fact]
    public async Task Upload_gets_a_signed_url_from_the_daemon_posts_the_file_there_and_returns_the_stored_file()
    {
        await using var run = await SampleHost.StartAsync(StorageTool.DifyPlugin.Registration);
        await using var files = UploadServer.Start();
        var store = new Dictionary<string, string> { ["notes"] = Convert.ToHexStringLower("""["first"]"""u8) };

        var result = await run.Connection.RequestAsync(
            Notebook("export"),
            invoke => (string?)invoke["type"] == "upload_file"
                ? Answer(new JsonObject { ["url"] = files.Url })
                : Answer(Storage(store, invoke)));

        AssertCompleted(result, run.Connection);
        var upload = Assert.Single(result.Invocations, invocation => (string?)invocation["type"] == "upload_file");
        Assert.Equal(("notes.md", "text/markdown"), ((string?)upload["request"]!["filename"], (string?)upload["request"]!["mimetype"]));
        Assert.Equal("# Notes\n\n1. first\n", Encoding.UTF8.GetString(files.Received!));
        var link = result.Stream.First(message => (string?)message["type"] == "link");
        Assert.Equal(files.PreviewUrl, (string?)link["message"]!["text"]);
    }

    private static JsonObject Relay(string service, string query) =>
        DaemonConnection.InvokeTool("testkit", "relay", new JsonObject { ["service"] = service, ["query"] = query });

    private static JsonObject Notebook(string action, string? text = null) =>
        DaemonConnection.InvokeTool("notebook", "notebook", text is null ? new JsonObject { ["action"] = action } : new JsonObject { ["action"] = action, ["text"] = text });

    private static void AssertCompleted(SessionResult result, DaemonConnection connection)
    {
        Assert.Empty(connection.ProtocolViolations);
        Assert.True(result.Ended);
        Assert.Empty(result.Errors.Select(error => error.ToJsonString()));
    }

    // The daemon's storage task (backwards_invocation/task.go, executeDifyInvocationStorageTask), over a dictionary of hex values.
    private static JsonObject Storage(Dictionary<string, string> store, JsonObject invoke)
    {
        Assert.Equal("storage", (string?)invoke["type"]);
        var request = invoke["request"]!;
        var key = (string)request["key"]!;
        switch ((string?)request["opt"])
        {
            case "set":
                store[key] = (string)request["value"]!;
                return new JsonObject { ["data"] = "ok" };
            case "get":
                return new JsonObject { ["data"] = store[key] };
            case "exist":
                return new JsonObject { ["data"] = store.ContainsKey(key), ["exist_num"] = store.ContainsKey(key) ? 1 : 0 };
            default:
                return new JsonObject { ["data"] = "ok", ["deleted_num"] = store.Remove(key) ? 1 : 0 };
        }
    }

    private static async IAsyncEnumerable<JsonObject> Answer(params JsonObject[] data)
    {
        foreach (var item in data)
        {
            await Task.Yield();
            yield return item;
        }
    }

    /// <summary>A sample plugin's host connected to a fake daemon of its own (<see cref="HostRun"/> runs the test plugin).</summary>
    private sealed class SampleHost : IAsyncDisposable
    {
        private readonly FakeDaemon _daemon;
        private readonly CancellationTokenSource _stop;
        private readonly Task<int> _host;

        private SampleHost(FakeDaemon daemon, CancellationTokenSource stop, Task<int> host, DaemonConnection connection)
        {
            _daemon = daemon;
            _stop = stop;
            _host = host;
            Connection = connection;
        }

        public DaemonConnection Connection { get; }

        public static async Task<SampleHost> StartAsync(PluginRegistration registration)
        {
            var daemon = new FakeDaemon("services-key");
            var stop = new CancellationTokenSource();
            var host = PluginHost.RunAsync(registration, [], HostRun.RemoteOptions(daemon), stop.Token);
            var connection = await daemon.NextConnectionAsync();
            Assert.Null(connection.RegistrationError);
            return new SampleHost(daemon, stop, host, connection);
        }

        public async ValueTask DisposeAsync()
        {
            Assert.Empty(Connection.ProtocolViolations);
            await _stop.CancelAsync();
            var exit = await _host.WaitAsync(TimeSpan.FromSeconds(10));
            Connection.Drop();
            await Connection.DisposeAsync();
            await _daemon.DisposeAsync();
            _stop.Dispose();
            Assert.Equal(0, exit);
        }
    }

    /// <summary>Dify's signed upload URL: answers the multipart POST with 201 and the stored file, as the files API does.</summary>
    private sealed class UploadServer : IAsyncDisposable
    {
        private readonly HttpListener _listener;
        private readonly Task _serving;

        private UploadServer(HttpListener listener, string url)
        {
            _listener = listener;
            Url = url;
            _serving = ServeOnceAsync();
        }

        public string Url { get; }

        public string PreviewUrl => Url.Replace("/upload", "/preview", StringComparison.Ordinal);

        public byte[]? Received { get; private set; }

        public static UploadServer Start()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var prefix = $"http://127.0.0.1:{port}/files/";
            var listener = new HttpListener();
            listener.Prefixes.Add(prefix);
            listener.Start();
            return new UploadServer(listener, prefix + "upload?sign=test");
        }

        private async Task ServeOnceAsync()
        {
            var context = await _listener.GetContextAsync();
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            Received = MultipartField(context.Request.ContentType!, body.ToArray(), "file");
            var file = new JsonObject
            {
                ["id"] = "file-1", ["name"] = "notes.md", ["size"] = Received.Length, ["extension"] = "md", ["mime_type"] = "text/markdown", ["preview_url"] = PreviewUrl,
            };
            context.Response.StatusCode = 201;
            var json = Encoding.UTF8.GetBytes(file.ToJsonString());
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(json);
            context.Response.Close();
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Close();
            await _serving.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        // The bytes of one form-data field: between the blank line after its headers and the CRLF before the next boundary.
        private static byte[] MultipartField(string contentType, byte[] body, string field)
        {
            var boundary = "--" + contentType.Split("boundary=")[1].Trim('"');
            var text = Encoding.Latin1.GetString(body);
            foreach (var part in text.Split(boundary).Skip(1))
            {
                var headersEnd = part.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (headersEnd < 0 || !part[..headersEnd].Replace("\"", "").Contains($"name={field}", StringComparison.Ordinal))
                {
                    continue;
                }

                var content = part[(headersEnd + 4)..^2];
                return Encoding.Latin1.GetBytes(content);
            }

            throw new InvalidOperationException($"no form-data field '{field}' in the upload");
        }
    }
}
