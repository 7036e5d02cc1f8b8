using Dify.Plugin.Invocation;

namespace Dify.Plugin;

/// <summary>Settings of a <see cref="Session"/>.</summary>
public sealed record SessionOptions
{
    /// <summary>The Python SDK's default for <c>MAX_INVOCATION_TIMEOUT</c>: 250 seconds.</summary>
    public static TimeSpan DefaultInvocationTimeout { get; } = TimeSpan.FromSeconds(250);

    /// <summary>The longest <see cref="InvocationTimeout"/>: the longest a .NET timer waits (about 49.7 days).</summary>
    public static TimeSpan MaximumInvocationTimeout { get; } = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>
    /// How long a backwards invocation may go without any frame from Dify before it fails with
    /// <see cref="DifyInvocationTimeoutException"/> (<c>MAX_INVOCATION_TIMEOUT</c>).
    /// </summary>
    public TimeSpan InvocationTimeout { get; init; } = DefaultInvocationTimeout;

    /// <summary>
    /// The client <see cref="Session.File"/> uploads with. Defaults to a shared client with the Python SDK's 10-second
    /// upload timeout; replace it to add a proxy or handlers.
    /// </summary>
    public HttpClient? FileUploadClient { get; init; }
}

/// <summary>
/// One request from Dify, and the way back to it (Python SDK: <c>self.session</c>): <see cref="Model"/> invokes the
/// workspace's models, <see cref="Tool"/> its tools, <see cref="App"/> its apps, <see cref="WorkflowNode"/> single
/// workflow nodes; <see cref="Storage"/> keeps the plugin's data and <see cref="File"/> stores files.
/// </summary>
public sealed class Session
{
    /// <summary>Creates a session whose backwards invocations go through <paramref name="transport"/>.</summary>
    public Session(IBackwardsInvocationTransport transport, SessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        Options = options ?? new SessionOptions();
        if (Options.InvocationTimeout <= TimeSpan.Zero || Options.InvocationTimeout > SessionOptions.MaximumInvocationTimeout)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                Options.InvocationTimeout,
                $"The invocation timeout must be positive and at most {SessionOptions.MaximumInvocationTimeout.TotalDays:0.#} days, the longest a timer waits.");
        }

        Transport = transport;
        var invoker = new BackwardsInvoker(transport, Options.InvocationTimeout);
        Model = new ModelInvocations(invoker);
        Tool = new ToolInvocations(invoker, this);
        App = new AppInvocations(invoker);
        WorkflowNode = new WorkflowNodeInvocations(invoker);
        Storage = new StorageInvocation(invoker);
        File = new FileInvocation(invoker, Options.FileUploadClient ?? SharedUploadClient);
    }

    private static HttpClient SharedUploadClient { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The daemon's id for this session.</summary>
    public string SessionId { get; init; } = "";

    /// <summary>The Dify user the request is made for.</summary>
    public string? UserId { get; init; }

    /// <summary>The conversation the request belongs to, if any.</summary>
    public string? ConversationId { get; init; }

    /// <summary>The message the request belongs to, if any.</summary>
    public string? MessageId { get; init; }

    /// <summary>The app the request comes from, if any.</summary>
    public string? AppId { get; init; }

    /// <summary>The endpoint the request comes from, if any.</summary>
    public string? EndpointId { get; init; }

    /// <summary>
    /// The daemon's <c>context</c> for the session (Python SDK: <c>session.context</c>): among others the credential
    /// to use for each tool provider when <see cref="ToolInvocations"/> is given none.
    /// </summary>
    public SessionContext Context { get; init; } = SessionContext.Empty;

    /// <summary>The session's settings.</summary>
    public SessionOptions Options { get; }

    /// <summary>The transport backwards invocations use.</summary>
    public IBackwardsInvocationTransport Transport { get; }

    /// <summary>The workspace's models (Python SDK: <c>session.model</c>).</summary>
    public ModelInvocations Model { get; }

    /// <summary>The workspace's tools (Python SDK: <c>session.tool</c>).</summary>
    public ToolInvocations Tool { get; }

    /// <summary>The workspace's apps (Python SDK: <c>session.app</c>).</summary>
    public AppInvocations App { get; }

    /// <summary>Single workflow nodes (Python SDK: <c>session.workflow_node</c>).</summary>
    public WorkflowNodeInvocations WorkflowNode { get; }

    /// <summary>The plugin's persistent key-value storage (Python SDK: <c>session.storage</c>).</summary>
    public StorageInvocation Storage { get; }

    /// <summary>File upload (Python SDK: <c>session.file</c>).</summary>
    public FileInvocation File { get; }
}

/// <summary>The model endpoints of a session (Python SDK: <c>session.model</c>).</summary>
public sealed class ModelInvocations
{
    internal ModelInvocations(BackwardsInvoker invoker)
    {
        Llm = new LlmInvocation(invoker);
        LlmStructuredOutput = new LlmStructuredOutputInvocation(invoker);
        Summary = new SummaryInvocation(invoker);
        TextEmbedding = new TextEmbeddingInvocation(invoker);
        Rerank = new RerankInvocation(invoker);
        Tts = new TtsInvocation(invoker);
        Speech2Text = new Speech2TextInvocation(invoker);
        Moderation = new ModerationInvocation(invoker);
    }

    /// <summary>Large language models (<c>llm</c>).</summary>
    public LlmInvocation Llm { get; }

    /// <summary>Large language models with a JSON schema for the answer (<c>llm_structured_output</c>).</summary>
    public LlmStructuredOutputInvocation LlmStructuredOutput { get; }

    /// <summary>Summaries by the workspace's system model (<c>system_summary</c>).</summary>
    public SummaryInvocation Summary { get; }

    /// <summary>Text embedding models (<c>text_embedding</c>).</summary>
    public TextEmbeddingInvocation TextEmbedding { get; }

    /// <summary>Rerank models (<c>rerank</c>).</summary>
    public RerankInvocation Rerank { get; }

    /// <summary>Text-to-speech models (<c>tts</c>).</summary>
    public TtsInvocation Tts { get; }

    /// <summary>Speech-to-text models (<c>speech2text</c>).</summary>
    public Speech2TextInvocation Speech2Text { get; }

    /// <summary>Moderation models (<c>moderation</c>).</summary>
    public ModerationInvocation Moderation { get; }
}
