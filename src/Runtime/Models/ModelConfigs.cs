using System.Text.Json.Nodes;

namespace Dify.Plugin;

/// <summary>
/// What every model invocation names: the provider, the model and its type. In a tool, take it from a
/// <c>model-selector</c> parameter rather than writing it by hand: a hand-built config only works in workspaces where
/// that provider happens to be configured.
/// </summary>
public abstract record BaseModelConfig
{
    /// <summary>The provider, for example <c>langgenius/openai/openai</c> (or the short form <c>openai</c>).</summary>
    public required string Provider { get; init; }

    /// <summary>The model name, for example <c>gpt-4o-mini</c>.</summary>
    public required string Model { get; init; }

    /// <summary>The model type; fixed by each config type.</summary>
    public abstract ModelType ModelType { get; }
}

/// <summary>The configuration of a large language model (Python SDK: <c>LLMModelConfig</c>).</summary>
public sealed partial record LLMModelConfig : BaseModelConfig
{
    /// <inheritdoc />
    public override ModelType ModelType => ModelType.Llm;

    /// <summary><c>chat</c> or <c>completion</c>, from the model's <c>model_properties.mode</c>.</summary>
    public required string Mode { get; init; }

    /// <summary>Model parameters such as <c>temperature</c> or <c>max_tokens</c>; empty when none are set.</summary>
    public JsonObject CompletionParams { get; init; } = new();
}

/// <summary>The configuration of a text embedding model (Python SDK: <c>TextEmbeddingModelConfig</c>).</summary>
public sealed partial record TextEmbeddingModelConfig : BaseModelConfig
{
    /// <inheritdoc />
    public override ModelType ModelType => ModelType.TextEmbedding;
}

/// <summary>The configuration of a rerank model (Python SDK: <c>RerankModelConfig</c>).</summary>
/// <remarks>
/// Dify's model selector never sets <see cref="ScoreThreshold"/> or <see cref="TopN"/>. When they are left unset the
/// runtime sends <c>score_threshold: 0</c> and <c>top_n</c> equal to the number of documents, which filters nothing.
/// </remarks>
public sealed partial record RerankModelConfig : BaseModelConfig
{
    /// <inheritdoc />
    public override ModelType ModelType => ModelType.Rerank;

    /// <summary>Documents scoring below this are dropped; unset means 0.</summary>
    public double? ScoreThreshold { get; init; }

    /// <summary>How many documents to return at most; unset means all of them.</summary>
    public int? TopN { get; init; }
}

/// <summary>The configuration of a text-to-speech model (Python SDK: <c>TTSModelConfig</c>).</summary>
public sealed partial record TTSModelConfig : BaseModelConfig
{
    /// <inheritdoc />
    public override ModelType ModelType => ModelType.Tts;

    /// <summary>The voice; Dify's daemon requires it. The model selector sets it for TTS models.</summary>
    public required string Voice { get; init; }

    /// <summary>The language the user picked in the model selector, if any. Not sent to the model.</summary>
    public string? Language { get; init; }
}

/// <summary>The configuration of a speech-to-text model (Python SDK: <c>Speech2TextModelConfig</c>).</summary>
public sealed partial record Speech2TextModelConfig : BaseModelConfig
{
    /// <inheritdoc />
    public override ModelType ModelType => ModelType.Speech2Text;
}

/// <summary>The configuration of a moderation model (Python SDK: <c>ModerationModelConfig</c>).</summary>
public sealed partial record ModerationModelConfig : BaseModelConfig
{
    /// <inheritdoc />
    public override ModelType ModelType => ModelType.Moderation;
}
