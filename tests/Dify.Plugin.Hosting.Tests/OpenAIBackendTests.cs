using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Dify.Plugin.Development;
using Xunit;

namespace Dify.Plugin.Hosting.Tests;

/// <summary>The OpenAI-compatible development backend against an OpenAI-style server on loopback.</summary>
public sealed class OpenAIBackendTests
{
    [Fact]
    public async Task The_sample_runs_against_an_openai_compatible_endpoint()
    {
        using var server = new FakeOpenAI(
            """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"test-model","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}]}""",
            """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"test-model","choices":[{"index":0,"delta":{"content":" there"},"finish_reason":"stop"}]}""");
        var output = new StringWriter();
        var log = new StringWriter();

        var exitCode = await PluginHost.RunAsync(
            LlmTool.DifyPlugin.Registration,
            ["invoke", "llm", "--param", "prompt=Greet me", "--backend", "openai", "--base-url", server.BaseUrl, "--model", "test-model", "--api-key", "sk-test"],
            new PluginHostOptions { Output = output, Log = log }.AddOpenAICompatibleBackend());

        Assert.True(exitCode == 0, log.ToString());
        var texts = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => (string?)JsonNode.Parse(line)!["message"]!["text"]);
        Assert.Equal("Hi there", string.Concat(texts));
        Assert.Contains("'openai' development backend", log.ToString(), StringComparison.Ordinal);
        var request = JsonNode.Parse(Assert.Single(server.Requests))!;
        Assert.Equal("test-model", (string?)request["model"]);
        Assert.True((bool)request["stream"]!);
        Assert.Equal(("system", "you are a helpful assistant"), ((string?)request["messages"]![0]!["role"], (string?)request["messages"]![0]!["content"]));
        Assert.Equal(("user", "Greet me"), ((string?)request["messages"]![1]!["role"], (string?)request["messages"]![1]!["content"]));
        Assert.Equal("Bearer sk-test", server.Authorization);
    }

    [Fact]
    public async Task Streamed_tool_call_deltas_arrive_merged_by_id()
    {
        using var server = new FakeOpenAI(
            """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"search","arguments":""}}]},"finish_reason":null}]}""",
            """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"q\":"}}]},"finish_reason":null}]}""",
            """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"cats\"}"}}]},"finish_reason":"tool_calls"}]}""");
        var session = new Session(new OpenAICompatibleBackend(new DevelopmentBackendSettings("m", server.BaseUrl, "k")));

        var result = await session.Model.Llm.InvokeAsync(
            new LLMModelConfig { Provider = "openai", Model = "m", Mode = "chat" },
            [new UserPromptMessage("find cats")],
            [new PromptMessageTool("search", "Searches", new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["q"] = new JsonObject { ["type"] = "string" } } })]);

        var call = Assert.Single(result.Message.ToolCalls);
        Assert.Equal(("call_1", "search", """{"q":"cats"}"""), (call.Id, call.Function.Name, call.Function.Arguments));
        Assert.Equal("search", (string?)JsonNode.Parse(Assert.Single(server.Requests))!["tools"]![0]!["function"]!["name"]);
    }

    /// <summary>Answers /chat/completions with the given server-sent events and records the requests.</summary>
    private sealed class FakeOpenAI : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly string[] _events;
        private readonly Task _loop;

        public FakeOpenAI(params string[] events)
        {
            _events = events;
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            BaseUrl = $"http://127.0.0.1:{port}/v1";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _loop = ServeAsync();
        }

        public string BaseUrl { get; }

        public List<string> Requests { get; } = [];

        public string? Authorization { get; private set; }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using (var reader = new StreamReader(context.Request.InputStream))
                {
                    Requests.Add(await reader.ReadToEndAsync());
                }

                Authorization = context.Request.Headers["Authorization"];
                context.Response.ContentType = "text/event-stream";
                var body = string.Concat(_events.Select(e => $"data: {e}\n\n")) + "data: [DONE]\n\n";
                var bytes = Encoding.UTF8.GetBytes(body);
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }

        public void Dispose()
        {
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
