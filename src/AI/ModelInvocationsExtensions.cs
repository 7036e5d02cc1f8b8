using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;

namespace Dify.Plugin.AI;

/// <summary>The workspace's models behind Microsoft.Extensions.AI: <c>Session.Model.AsChatClient(parameters.Model)</c> and the like.</summary>
public static class ModelInvocationsExtensions
{
    /// <summary>An <see cref="IChatClient"/> over an LLM.</summary>
    /// <param name="models">The session's model endpoints (<c>Session.Model</c>).</param>
    /// <param name="model">The model, typically a <c>model-selector</c> parameter's value.</param>
    /// <param name="scope">The selector's scope, when known; without <c>tool-call</c> in it, passing tools throws.</param>
    public static DifyChatClient AsChatClient(this ModelInvocations models, LLMModelConfig model, DifyModelScope? scope = null) =>
        new(models, model, scope);

    /// <summary>An <see cref="IChatClient"/> over an LLM, knowing the scope of the selector it came from.</summary>
    /// <param name="models">The session's model endpoints (<c>Session.Model</c>).</param>
    /// <param name="model">The model, the value of <paramref name="selector"/>.</param>
    /// <param name="selector">The <c>model-selector</c> parameter, for example <c>LlmParameters.Descriptor.FindParameter("model")</c>.</param>
    public static DifyChatClient AsChatClient(this ModelInvocations models, LLMModelConfig model, ToolParameterDescriptor selector) =>
        new(models, model, DifyModelScope.FromParameter(selector));

    /// <summary>An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over a text embedding model.</summary>
    /// <param name="models">The session's model endpoints (<c>Session.Model</c>).</param>
    /// <param name="model">The model, typically a <c>model-selector</c> parameter with <c>scope: text-embedding</c>.</param>
    /// <param name="inputType">Whether the texts are queries or documents, unless a call says otherwise.</param>
    public static DifyEmbeddingGenerator AsEmbeddingGenerator(this ModelInvocations models, TextEmbeddingModelConfig model, EmbeddingInputType inputType = EmbeddingInputType.Query) =>
        new(models, model, inputType);

    /// <summary>An <see cref="ISpeechToTextClient"/> over a speech-to-text model (experimental, MEAI001).</summary>
    /// <param name="models">The session's model endpoints (<c>Session.Model</c>).</param>
    /// <param name="model">The model, typically a <c>model-selector</c> parameter with <c>scope: speech2text</c>.</param>
    [Experimental("MEAI001")]
    public static DifySpeechToTextClient AsSpeechToTextClient(this ModelInvocations models, Speech2TextModelConfig model) => new(models, model);

    /// <summary>An <see cref="ITextToSpeechClient"/> over a text-to-speech model (experimental, MEAI001).</summary>
    /// <param name="models">The session's model endpoints (<c>Session.Model</c>).</param>
    /// <param name="model">The model and voice, typically a <c>model-selector</c> parameter with <c>scope: tts</c>.</param>
    [Experimental("MEAI001")]
    public static DifyTextToSpeechClient AsTextToSpeechClient(this ModelInvocations models, TTSModelConfig model) => new(models, model);

    /// <summary>An <see cref="IRerankClient"/> over a rerank model.</summary>
    /// <param name="models">The session's model endpoints (<c>Session.Model</c>).</param>
    /// <param name="model">The model, typically a <c>model-selector</c> parameter with <c>scope: rerank</c>.</param>
    public static DifyRerankClient AsRerankClient(this ModelInvocations models, RerankModelConfig model) => new(models, model);

    /// <summary>An <see cref="IModerationClient"/> over a moderation model.</summary>
    /// <param name="models">The session's model endpoints (<c>Session.Model</c>).</param>
    /// <param name="model">The model, typically a <c>model-selector</c> parameter with <c>scope: moderation</c>.</param>
    public static DifyModerationClient AsModerationClient(this ModelInvocations models, ModerationModelConfig model) => new(models, model);
}
