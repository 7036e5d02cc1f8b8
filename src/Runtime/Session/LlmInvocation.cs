using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Dify.Plugin.Invocation;
using Dify.Plugin.Serialization;

namespace Dify.Plugin;

/// <summary>
/// Invokes a large language model of the workspace (Python SDK: <c>session.model.llm</c>). Needs
/// <c>resource.permission.model.enabled</c> and <c>llm</c> in <c>manifest.yaml</c>.
/// </summary>
/// <remarks>
/// Tools only take effect when the model can call tools. Take the model config from a
/// <c>model-selector</c> parameter whose scope includes <c>tool-call</c> (for example <c>llm&amp;tool-call</c>).
/// </remarks>
public sealed class LlmInvocation
{
    private readonly BackwardsInvoker _invoker;

    internal LlmInvocation(BackwardsInvoker invoker) => _invoker = invoker;

    /// <summary>Streams the model's answer chunk by chunk (<c>stream: true</c>).</summary>
    /// <param name="modelConfig">The model, best taken from a <c>model-selector</c> parameter.</param>
    /// <param name="promptMessages">The prompt.</param>
    /// <param name="tools">Tools the model may call; ignored by models without tool-call support.</param>
    /// <param name="stop">Sequences that end generation.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public IAsyncEnumerable<LLMResultChunk> InvokeStreamingAsync(
        LLMModelConfig modelConfig,
        IEnumerable<PromptMessage> promptMessages,
        IEnumerable<PromptMessageTool>? tools = null,
        IEnumerable<string>? stop = null,
        CancellationToken cancellationToken = default)
    {
        var request = CreateRequest(modelConfig, promptMessages, tools, stop, stream: true);
        return _invoker.InvokeAsync(InvokeType.Llm, request, DifyJsonContext.Default.LlmInvokeRequest, DifyJsonContext.Default.LLMResultChunk, cancellationToken);
    }

    /// <summary>Returns the model's whole answer (<c>stream: false</c>), with text and tool calls merged.</summary>
    /// <param name="modelConfig">The model, best taken from a <c>model-selector</c> parameter.</param>
    /// <param name="promptMessages">The prompt.</param>
    /// <param name="tools">Tools the model may call; ignored by models without tool-call support.</param>
    /// <param name="stop">Sequences that end generation.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public async Task<LLMResult> InvokeAsync(
        LLMModelConfig modelConfig,
        IEnumerable<PromptMessage> promptMessages,
        IEnumerable<PromptMessageTool>? tools = null,
        IEnumerable<string>? stop = null,
        CancellationToken cancellationToken = default)
    {
        var request = CreateRequest(modelConfig, promptMessages, tools, stop, stream: false);
        var builder = new LLMResultBuilder(modelConfig.Model);
        await foreach (var chunk in _invoker.InvokeAsync(InvokeType.Llm, request, DifyJsonContext.Default.LlmInvokeRequest, DifyJsonContext.Default.LLMResultChunk, cancellationToken).ConfigureAwait(false))
        {
            builder.Add(chunk);
        }

        return builder.Build();
    }

    private static LlmInvokeRequest CreateRequest(
        LLMModelConfig modelConfig,
        IEnumerable<PromptMessage> promptMessages,
        IEnumerable<PromptMessageTool>? tools,
        IEnumerable<string>? stop,
        bool stream)
    {
        ModelConfigValidation.Validate(modelConfig);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelConfig.Mode, nameof(modelConfig) + ".Mode");
        ArgumentNullException.ThrowIfNull(promptMessages);
        var toolList = tools?.ToArray();
        return new LlmInvokeRequest
        {
            Provider = modelConfig.Provider,
            Model = modelConfig.Model,
            ModelType = ModelType.Llm,
            Mode = modelConfig.Mode,
            CompletionParams = modelConfig.CompletionParams,
            PromptMessages = promptMessages.ToArray(),
            // As the Python SDK: an empty tool list is sent as null.
            Tools = toolList is { Length: > 0 } ? toolList : null,
            Stop = stop?.ToArray(),
            Stream = stream,
        };
    }
}

/// <summary>
/// Invokes a large language model with a JSON schema for its answer (Python SDK:
/// <c>session.model.llm_structured_output</c>). Needs the same <c>llm</c> permission as <see cref="LlmInvocation"/>.
/// </summary>
public sealed class LlmStructuredOutputInvocation
{
    private readonly BackwardsInvoker _invoker;

    internal LlmStructuredOutputInvocation(BackwardsInvoker invoker) => _invoker = invoker;

    /// <summary>Streams the answer; the structured output arrives on a chunk's <see cref="LLMResultChunkWithStructuredOutput.StructuredOutput"/>.</summary>
    /// <param name="modelConfig">The model, best taken from a <c>model-selector</c> parameter.</param>
    /// <param name="promptMessages">The prompt.</param>
    /// <param name="structuredOutputSchema">The JSON Schema the answer must follow.</param>
    /// <param name="tools">Tools the model may call.</param>
    /// <param name="stop">Sequences that end generation.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public IAsyncEnumerable<LLMResultChunkWithStructuredOutput> InvokeStreamingAsync(
        LLMModelConfig modelConfig,
        IEnumerable<PromptMessage> promptMessages,
        JsonObject structuredOutputSchema,
        IEnumerable<PromptMessageTool>? tools = null,
        IEnumerable<string>? stop = null,
        CancellationToken cancellationToken = default)
    {
        var request = CreateRequest(modelConfig, promptMessages, structuredOutputSchema, tools, stop, stream: true);
        return _invoker.InvokeAsync(InvokeType.LlmStructuredOutput, request, DifyJsonContext.Default.LlmStructuredOutputInvokeRequest, DifyJsonContext.Default.LLMResultChunkWithStructuredOutput, cancellationToken);
    }

    /// <summary>Returns the whole answer with its structured output.</summary>
    /// <param name="modelConfig">The model, best taken from a <c>model-selector</c> parameter.</param>
    /// <param name="promptMessages">The prompt.</param>
    /// <param name="structuredOutputSchema">The JSON Schema the answer must follow.</param>
    /// <param name="tools">Tools the model may call.</param>
    /// <param name="stop">Sequences that end generation.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public async Task<LLMResultWithStructuredOutput> InvokeAsync(
        LLMModelConfig modelConfig,
        IEnumerable<PromptMessage> promptMessages,
        JsonObject structuredOutputSchema,
        IEnumerable<PromptMessageTool>? tools = null,
        IEnumerable<string>? stop = null,
        CancellationToken cancellationToken = default)
    {
        var request = CreateRequest(modelConfig, promptMessages, structuredOutputSchema, tools, stop, stream: false);
        var builder = new LLMResultBuilder(modelConfig.Model);
        await foreach (var chunk in _invoker.InvokeAsync(InvokeType.LlmStructuredOutput, request, DifyJsonContext.Default.LlmStructuredOutputInvokeRequest, DifyJsonContext.Default.LLMResultChunkWithStructuredOutput, cancellationToken).ConfigureAwait(false))
        {
            builder.Add(chunk);
        }

        return builder.BuildWithStructuredOutput();
    }

    private static LlmStructuredOutputInvokeRequest CreateRequest(
        LLMModelConfig modelConfig,
        IEnumerable<PromptMessage> promptMessages,
        JsonObject structuredOutputSchema,
        IEnumerable<PromptMessageTool>? tools,
        IEnumerable<string>? stop,
        bool stream)
    {
        ModelConfigValidation.Validate(modelConfig);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelConfig.Mode, nameof(modelConfig) + ".Mode");
        ArgumentNullException.ThrowIfNull(promptMessages);
        ArgumentNullException.ThrowIfNull(structuredOutputSchema);
        var toolList = tools?.ToArray();
        return new LlmStructuredOutputInvokeRequest
        {
            Provider = modelConfig.Provider,
            Model = modelConfig.Model,
            ModelType = ModelType.Llm,
            Mode = modelConfig.Mode,
            CompletionParams = modelConfig.CompletionParams,
            PromptMessages = promptMessages.ToArray(),
            StructuredOutputSchema = structuredOutputSchema,
            Tools = toolList is { Length: > 0 } ? toolList : null,
            Stop = stop?.ToArray(),
            Stream = stream,
        };
    }
}

internal static class ModelConfigValidation
{
    public static void Validate(BaseModelConfig? config, [CallerArgumentExpression(nameof(config))] string? name = null)
    {
        ArgumentNullException.ThrowIfNull(config, name);
        if (string.IsNullOrWhiteSpace(config.Provider) || string.IsNullOrWhiteSpace(config.Model))
        {
            throw new ArgumentException(
                $"The model config names no provider or model (provider '{config.Provider}', model '{config.Model}'). "
                + "If it comes from a model-selector parameter, the user has not picked a model in Dify yet.",
                name);
        }
    }
}
