using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Dify.Plugin.AI;

/// <summary>
/// An <see cref="IChatClient"/> over the workspace model the user picked in Dify (<c>Session.Model.Llm</c>, and
/// <c>Session.Model.LlmStructuredOutput</c> when <see cref="ChatOptions.ResponseFormat"/> carries a JSON schema).
/// </summary>
/// <remarks>
/// <para>
/// <see cref="ChatOptions"/> map to Dify's <c>completion_params</c> on top of the parameters the user set in the
/// model selector: <c>temperature</c>, <c>top_p</c>, <c>top_k</c>, <c>max_tokens</c>, <c>presence_penalty</c>,
/// <c>frequency_penalty</c>, <c>seed</c>, and every entry of <see cref="ChatOptions.AdditionalProperties"/> under its
/// own name. <see cref="ChatOptions.ModelId"/> replaces the model name within the same provider.
/// </para>
/// <para>
/// Dify has no tool choice: <see cref="ChatToolMode.None"/> sends no tools and
/// <see cref="ChatToolMode.RequireSpecific(string)"/> sends only that function. When the client knows the selector's
/// scope and it lacks <c>tool-call</c>, passing tools throws <see cref="NotSupportedException"/> (the run-time
/// counterpart of the build-time warning DIFY2001), since such a model would silently ignore them.
/// </para>
/// <para>
/// Streaming yields text and media as they arrive; tool calls, which providers stream in fragments, are merged and
/// yielded whole with the usage and finish reason after the last chunk.
/// </para>
/// </remarks>
public sealed class DifyChatClient : IChatClient
{
    private readonly ModelInvocations _models;

    /// <summary>Creates a client for one model config.</summary>
    /// <param name="models">The session's model endpoints (<c>Session.Model</c>).</param>
    /// <param name="model">The model, typically a <c>model-selector</c> parameter's value.</param>
    /// <param name="scope">
    /// The selector's scope, when known: it decides whether tools may be passed. <see langword="null"/> checks nothing.
    /// </param>
    public DifyChatClient(ModelInvocations models, LLMModelConfig model, DifyModelScope? scope = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(model);
        _models = models;
        Model = model;
        Scope = scope;
        Metadata = new ChatClientMetadata("dify", null, model.Model);
    }

    /// <summary>The model config every request starts from.</summary>
    public LLMModelConfig Model { get; }

    /// <summary>The selector's scope, when known; also returned by <see cref="GetService"/>.</summary>
    public DifyModelScope? Scope { get; }

    /// <summary>The provider name <c>dify</c> and the model name.</summary>
    public ChatClientMetadata Metadata { get; }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var request = Chat.ChatOptionsMapping.ToRequest(Model, Scope, options);
        var prompt = Chat.ChatMessageMapping.ToPromptMessages(messages, options?.Instructions);
        LLMResult result = request.StructuredOutputSchema is { } schema
            ? await _models.LlmStructuredOutput.InvokeAsync(request.ModelConfig, prompt, schema, request.Tools, request.Stop, cancellationToken).ConfigureAwait(false)
            : await _models.Llm.InvokeAsync(request.ModelConfig, prompt, request.Tools, request.Stop, cancellationToken).ConfigureAwait(false);
        return Chat.ChatResponseMapping.ToChatResponse(result);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var request = Chat.ChatOptionsMapping.ToRequest(Model, Scope, options);
        var prompt = Chat.ChatMessageMapping.ToPromptMessages(messages, options?.Instructions);
        IAsyncEnumerable<LLMResultChunk> chunks = request.StructuredOutputSchema is { } schema
            ? _models.LlmStructuredOutput.InvokeStreamingAsync(request.ModelConfig, prompt, schema, request.Tools, request.Stop, cancellationToken)
            : _models.Llm.InvokeStreamingAsync(request.ModelConfig, prompt, request.Tools, request.Stop, cancellationToken);

        var responseId = Guid.NewGuid().ToString("N");
        var builder = new LLMResultBuilder(request.ModelConfig.Model);
        await foreach (var chunk in chunks.ConfigureAwait(false))
        {
            builder.Add(chunk);
            var contents = Chat.ChatResponseMapping.ToContents(chunk.Delta.Message.Content);
            if (contents.Count > 0)
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, contents)
                {
                    ResponseId = responseId,
                    MessageId = responseId,
                    ModelId = chunk.Model.Length > 0 ? chunk.Model : null,
                    RawRepresentation = chunk,
                };
            }
        }

        yield return Chat.StreamingCompletion.LastUpdate(builder.BuildWithStructuredOutput(), responseId);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        ServiceLookup.Find(this, serviceType, serviceKey, Metadata, Scope, Model);

    /// <summary>Nothing to release: the session owns the connection to Dify.</summary>
    public void Dispose()
    {
    }
}
