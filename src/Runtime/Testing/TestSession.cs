using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dify.Plugin.Invocation;
using Dify.Plugin.Serialization;

namespace Dify.Plugin.Testing;

/// <summary>
/// A session for unit tests: the model endpoints and services (tools, apps, workflow nodes, storage, file upload) answer
/// from scripted responses and every request is recorded, so a tool can be tested without Dify.
/// </summary>
/// <example>
/// <code>
/// var test = new TestSession();
/// test.Llm.RespondWithText("Hello", ", world");
/// var messages = await test.RunToolAsync(new LlmTool(), """{"prompt": "hi", "model": {...}}""");
/// Assert.Equal("Hello, world", string.Concat(messages.Select(m => m.Text)));
/// Assert.Equal("hi", test.Llm.Requests.Single().PromptMessages[1].GetTextContent());
/// </code>
/// </example>
public sealed class TestSession : IBackwardsInvocationTransport
{
    private readonly ConcurrentQueue<BackwardsInvocationRequest> _invocations = new();
    private readonly Dictionary<InvokeType, ScriptedEndpoint> _endpoints = [];

    /// <summary>Creates a test session.</summary>
    public TestSession(SessionOptions? options = null)
    {
        Llm = new LlmScript(Endpoint(InvokeType.Llm));
        LlmStructuredOutput = new LlmScript(Endpoint(InvokeType.LlmStructuredOutput));
        Summary = new ValueScript<string>(Endpoint(InvokeType.SystemSummary), summary => new JsonObject { ["summary"] = summary });
        TextEmbedding = new ValueScript<TextEmbeddingResult>(Endpoint(InvokeType.TextEmbedding), result => Serialize(result, DifyJsonContext.Default.TextEmbeddingResult));
        Rerank = new ValueScript<RerankResult>(Endpoint(InvokeType.Rerank), result => Serialize(result, DifyJsonContext.Default.RerankResult));
        MultimodalEmbedding = new ValueScript<TextEmbeddingResult>(Endpoint(InvokeType.MultimodalEmbedding), result => Serialize(result, DifyJsonContext.Default.TextEmbeddingResult));
        MultimodalRerank = new ValueScript<RerankResult>(Endpoint(InvokeType.MultimodalRerank), result => Serialize(result, DifyJsonContext.Default.RerankResult));
        Tts = new TtsScript(Endpoint(InvokeType.Tts));
        Speech2Text = new ValueScript<string>(Endpoint(InvokeType.Speech2Text), text => new JsonObject { ["result"] = text });
        Moderation = new ValueScript<bool>(Endpoint(InvokeType.Moderation), flagged => new JsonObject { ["result"] = flagged });
        Tool = new ToolScript(Endpoint(InvokeType.Tool));
        App = new AppScript(Endpoint(InvokeType.App));
        FetchApp = new ValueScript<JsonObject>(Endpoint(InvokeType.FetchApp), app => app.DeepClone());
        QuestionClassifier = new ValueScript<NodeResponse>(Endpoint(InvokeType.NodeQuestionClassifier), response => Serialize(response, DifyJsonContext.Default.NodeResponse));
        ParameterExtractor = new ValueScript<NodeResponse>(Endpoint(InvokeType.NodeParameterExtractor), response => Serialize(response, DifyJsonContext.Default.NodeResponse));
        Storage = new StorageScript(Endpoint(InvokeType.Storage));
        File = new FileScript(Endpoint(InvokeType.UploadFile));
        var sessionOptions = (options ?? new SessionOptions()) with { FileUploadClient = File.HttpClient };
        Session = new Session(this, sessionOptions) { SessionId = "test-session", UserId = "test-user" };
    }

    /// <summary>The session to give to the code under test.</summary>
    public Session Session { get; }

    /// <summary>Scripts <c>session.Model.Llm</c>.</summary>
    public LlmScript Llm { get; }

    /// <summary>Scripts <c>session.Model.LlmStructuredOutput</c>.</summary>
    public LlmScript LlmStructuredOutput { get; }

    /// <summary>Scripts <c>session.Model.Summary</c> (answers with the summary text).</summary>
    public ValueScript<string> Summary { get; }

    /// <summary>Scripts <c>session.Model.TextEmbedding</c>.</summary>
    public ValueScript<TextEmbeddingResult> TextEmbedding { get; }

    /// <summary>Scripts <c>session.Model.Rerank</c>.</summary>
    public ValueScript<RerankResult> Rerank { get; }

    /// <summary>Scripts <c>session.Model.TextEmbedding.InvokeMultimodalAsync</c>.</summary>
    public ValueScript<TextEmbeddingResult> MultimodalEmbedding { get; }

    /// <summary>Scripts <c>session.Model.Rerank.InvokeMultimodalAsync</c>.</summary>
    public ValueScript<RerankResult> MultimodalRerank { get; }

    /// <summary>Scripts <c>session.Model.Tts</c>.</summary>
    public TtsScript Tts { get; }

    /// <summary>Scripts <c>session.Model.Speech2Text</c> (answers with the transcript).</summary>
    public ValueScript<string> Speech2Text { get; }

    /// <summary>Scripts <c>session.Model.Moderation</c> (answers whether the text is flagged).</summary>
    public ValueScript<bool> Moderation { get; }

    /// <summary>Scripts <c>session.Tool</c>.</summary>
    public ToolScript Tool { get; }

    /// <summary>Scripts <c>session.App</c>'s chat, completion and workflow calls.</summary>
    public AppScript App { get; }

    /// <summary>Scripts <c>session.App.FetchAppAsync</c> (answers with the app's JSON).</summary>
    public ValueScript<JsonObject> FetchApp { get; }

    /// <summary>Scripts <c>session.WorkflowNode.QuestionClassifier</c>.</summary>
    public ValueScript<NodeResponse> QuestionClassifier { get; }

    /// <summary>Scripts <c>session.WorkflowNode.ParameterExtractor</c>.</summary>
    public ValueScript<NodeResponse> ParameterExtractor { get; }

    /// <summary>Scripts <c>session.Storage</c> with an in-memory store.</summary>
    public StorageScript Storage { get; }

    /// <summary>Scripts <c>session.File</c> and receives its uploads.</summary>
    public FileScript File { get; }

    /// <summary>Every backwards invocation made, in order, with its request exactly as it would go to Dify.</summary>
    public IReadOnlyList<BackwardsInvocationRequest> Invocations => _invocations.ToArray();

    /// <summary>Runs a tool the way the plugin host does and collects its messages.</summary>
    /// <param name="tool">A new tool instance.</param>
    /// <param name="toolParametersJson">The <c>tool_parameters</c> object as JSON.</param>
    /// <param name="credentials">Provider credentials, if the tool reads any.</param>
    /// <param name="cancellationToken">Ends the run.</param>
    public Task<IReadOnlyList<ToolInvokeMessage>> RunToolAsync(Tool tool, string toolParametersJson, IReadOnlyDictionary<string, string>? credentials = null, CancellationToken cancellationToken = default) =>
        RunToolAsync(tool, ToolParameters.Parse(toolParametersJson), credentials, cancellationToken);

    /// <summary>Runs a tool the way the plugin host does and collects its messages.</summary>
    /// <param name="tool">A new tool instance.</param>
    /// <param name="parameters">The <c>tool_parameters</c>.</param>
    /// <param name="credentials">Provider credentials, if the tool reads any.</param>
    /// <param name="cancellationToken">Ends the run.</param>
    public async Task<IReadOnlyList<ToolInvokeMessage>> RunToolAsync(Tool tool, ToolParameters parameters, IReadOnlyDictionary<string, string>? credentials = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var runtime = new ToolRuntime
        {
            Credentials = credentials is null ? ToolCredentials.Empty : new ToolCredentials(credentials),
            UserId = Session.UserId,
            SessionId = Session.SessionId,
        };
        var messages = new List<ToolInvokeMessage>();
        await foreach (var message in tool.RunAsync(new ToolInvocationContext(Session, runtime), parameters, cancellationToken).ConfigureAwait(false))
        {
            messages.Add(message);
        }

        return messages;
    }

    async IAsyncEnumerable<BackwardsResponseFrame> IBackwardsInvocationTransport.InvokeAsync(BackwardsInvocationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A call cancelled before it is sent never reaches Dify: nothing is recorded and no script (or store) answers.
        cancellationToken.ThrowIfCancellationRequested();
        _invocations.Enqueue(request);
        var endpoint = _endpoints.TryGetValue(request.Type, out var found)
            ? found
            : throw new InvalidOperationException($"TestSession does not script '{request.Type.ToWireName()}' invocations.");
        foreach (var frame in endpoint.Answer(request))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return frame;
        }
    }

    private ScriptedEndpoint Endpoint(InvokeType type)
    {
        var endpoint = new ScriptedEndpoint(type);
        _endpoints.Add(type, endpoint);
        return endpoint;
    }

    private static JsonNode Serialize<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info) =>
        JsonSerializer.SerializeToNode(value, info)!;

    internal static JsonElement ToElement(JsonNode node) => JsonSerializer.SerializeToElement(node, DifyJsonContext.Default.JsonNode);
}

/// <summary>The scripted answers of one invocation type, used in order; a responder, when set, answers the rest.</summary>
public sealed class ScriptedEndpoint
{
    private readonly ConcurrentQueue<Func<BackwardsInvocationRequest, IEnumerable<BackwardsResponseFrame>>> _answers = new();
    private readonly ConcurrentQueue<BackwardsInvocationRequest> _requests = new();
    private Func<BackwardsInvocationRequest, IEnumerable<BackwardsResponseFrame>>? _responder;

    internal ScriptedEndpoint(InvokeType type) => Type = type;

    /// <summary>The invocation type.</summary>
    public InvokeType Type { get; }

    /// <summary>The requests received, in order.</summary>
    public IReadOnlyList<BackwardsInvocationRequest> Requests => _requests.ToArray();

    /// <summary>Queues the frames to answer the next request with (an <c>end</c> frame is added when missing).</summary>
    public void Enqueue(params BackwardsResponseFrame[] frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        _answers.Enqueue(_ => frames);
    }

    /// <summary>Answers every request not answered by a queued script.</summary>
    public void RespondUsing(Func<BackwardsInvocationRequest, IEnumerable<BackwardsResponseFrame>> responder) => _responder = responder;

    /// <summary>Answers the next request with Dify's <c>error</c> frame, for example a permission error.</summary>
    public void EnqueueError(string message) => Enqueue(BackwardsResponseFrame.Error(message), BackwardsResponseFrame.End);

    internal IEnumerable<BackwardsResponseFrame> Answer(BackwardsInvocationRequest request)
    {
        _requests.Enqueue(request);
        var answer = _answers.TryDequeue(out var queued) ? queued : _responder
            ?? throw new InvalidOperationException(
                $"The test session has no scripted answer left for a '{Type.ToWireName()}' invocation (request {_requests.Count}). "
                + "Script one with TestSession's RespondWith… methods before running the code under test.");
        var sawEnd = false;
        foreach (var frame in answer(request))
        {
            sawEnd |= frame.Event == BackwardsResponseEvent.End;
            yield return frame;
            if (sawEnd)
            {
                yield break;
            }
        }

        yield return BackwardsResponseFrame.End;
    }
}

/// <summary>An LLM request as the test session received it.</summary>
/// <param name="ModelConfig">The model config that was sent.</param>
/// <param name="PromptMessages">The prompt that was sent.</param>
/// <param name="Tools">The tools that were sent (<see langword="null"/> for none).</param>
/// <param name="Stop">The stop sequences that were sent.</param>
/// <param name="Stream">Whether streaming was requested.</param>
/// <param name="Json">The whole request as it would go to Dify.</param>
public sealed record RecordedLlmRequest(LLMModelConfig ModelConfig, IReadOnlyList<PromptMessage> PromptMessages, JsonArray? Tools, IReadOnlyList<string>? Stop, bool Stream, JsonObject Json);

/// <summary>Scripts an LLM endpoint.</summary>
public sealed class LlmScript
{
    internal LlmScript(ScriptedEndpoint endpoint) => Endpoint = endpoint;

    /// <summary>The underlying endpoint, for raw frames.</summary>
    public ScriptedEndpoint Endpoint { get; }

    /// <summary>The requests received, parsed.</summary>
    public IReadOnlyList<RecordedLlmRequest> Requests => Endpoint.Requests.Select(Parse).ToArray();

    /// <summary>Answers the next request with one chunk per text piece; the last chunk carries empty usage and <c>finish_reason: stop</c>.</summary>
    public void RespondWithText(params string[] pieces) => RespondWithText(pieces, null);

    /// <summary>Answers the next request with one chunk per text piece.</summary>
    public void RespondWithText(IReadOnlyList<string> pieces, LLMUsage? usage)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        RespondWithChunks(TextChunks(pieces, usage));
    }

    /// <summary>Answers the next request with these chunks.</summary>
    public void RespondWithChunks(IEnumerable<LLMResultChunk> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        Endpoint.Enqueue([.. chunks.Select(ToFrame), BackwardsResponseFrame.End]);
    }

    /// <summary>Answers every request not answered by a queued script with the chunks <paramref name="responder"/> makes.</summary>
    public void RespondUsing(Func<RecordedLlmRequest, IEnumerable<LLMResultChunk>> responder)
    {
        ArgumentNullException.ThrowIfNull(responder);
        Endpoint.RespondUsing(request => responder(Parse(request)).Select(ToFrame));
    }

    /// <summary>Answers the next request with Dify's <c>error</c> frame.</summary>
    public void RespondWithError(string message) => Endpoint.EnqueueError(message);

    /// <summary>Chunks that stream <paramref name="pieces"/>, as a provider would.</summary>
    public static IEnumerable<LLMResultChunk> TextChunks(IReadOnlyList<string> pieces, LLMUsage? usage = null, string model = "test-model")
    {
        ArgumentNullException.ThrowIfNull(pieces);
        for (var index = 0; index < pieces.Count; index++)
        {
            var last = index == pieces.Count - 1;
            yield return new LLMResultChunk
            {
                Model = model,
                Delta = new LLMResultChunkDelta
                {
                    Index = index,
                    Message = new AssistantPromptMessage(pieces[index]),
                    Usage = last ? usage ?? LLMUsage.Empty : null,
                    FinishReason = last ? "stop" : null,
                },
            };
        }
    }

    private static BackwardsResponseFrame ToFrame(LLMResultChunk chunk) =>
        BackwardsResponseFrame.Stream(chunk is LLMResultChunkWithStructuredOutput structured
            ? JsonSerializer.SerializeToElement(structured, DifyJsonContext.Default.LLMResultChunkWithStructuredOutput)
            : JsonSerializer.SerializeToElement(chunk, DifyJsonContext.Default.LLMResultChunk));

    private static RecordedLlmRequest Parse(BackwardsInvocationRequest request)
    {
        var json = JsonNode.Parse(request.RequestJson.Span)!.AsObject();
        var config = new LLMModelConfig
        {
            Provider = (string)json["provider"]!,
            Model = (string)json["model"]!,
            Mode = (string)json["mode"]!,
            CompletionParams = json["completion_params"]?.DeepClone().AsObject() ?? [],
        };
        var messages = json["prompt_messages"]!.AsArray()
            .Select(message => message.Deserialize(DifyJsonContext.Default.PromptMessage)!)
            .ToArray();
        var stop = json["stop"] is JsonArray stops ? stops.Select(s => (string)s!).ToArray() : null;
        return new RecordedLlmRequest(config, messages, json["tools"] as JsonArray, stop, (bool)json["stream"]!, json);
    }
}

/// <summary>Scripts an endpoint that answers with one value.</summary>
/// <typeparam name="T">The value type.</typeparam>
public sealed class ValueScript<T>
{
    private readonly Func<T, JsonNode> _toPayload;

    internal ValueScript(ScriptedEndpoint endpoint, Func<T, JsonNode> toPayload)
    {
        Endpoint = endpoint;
        _toPayload = toPayload;
    }

    /// <summary>The underlying endpoint: its requests and raw frames.</summary>
    public ScriptedEndpoint Endpoint { get; }

    /// <summary>The requests received, as JSON objects exactly as they would go to Dify.</summary>
    public IReadOnlyList<JsonObject> Requests => Endpoint.Requests.Select(request => JsonNode.Parse(request.RequestJson.Span)!.AsObject()).ToArray();

    /// <summary>Answers the next request with <paramref name="value"/>.</summary>
    public void RespondWith(T value) => Endpoint.Enqueue(BackwardsResponseFrame.Struct(TestSession.ToElement(_toPayload(value))), BackwardsResponseFrame.End);

    /// <summary>Answers every request not answered by a queued script.</summary>
    public void RespondUsing(Func<JsonObject, T> responder)
    {
        ArgumentNullException.ThrowIfNull(responder);
        Endpoint.RespondUsing(request =>
            [BackwardsResponseFrame.Struct(TestSession.ToElement(_toPayload(responder(JsonNode.Parse(request.RequestJson.Span)!.AsObject()))))]);
    }

    /// <summary>Answers the next request with Dify's <c>error</c> frame.</summary>
    public void RespondWithError(string message) => Endpoint.EnqueueError(message);
}

/// <summary>Scripts the text-to-speech endpoint.</summary>
public sealed class TtsScript
{
    internal TtsScript(ScriptedEndpoint endpoint) => Endpoint = endpoint;

    /// <summary>The underlying endpoint: its requests and raw frames.</summary>
    public ScriptedEndpoint Endpoint { get; }

    /// <summary>Answers the next request with these audio segments (sent as hex, as Dify does).</summary>
    public void RespondWithAudio(params byte[][] segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        Endpoint.Enqueue([
            .. segments.Select(segment => BackwardsResponseFrame.Stream(TestSession.ToElement(new JsonObject { ["result"] = Convert.ToHexStringLower(segment), ["mime_type"] = "audio/mpeg" }))),
            BackwardsResponseFrame.End]);
    }

    /// <summary>Answers the next request with Dify's <c>error</c> frame.</summary>
    public void RespondWithError(string message) => Endpoint.EnqueueError(message);
}
