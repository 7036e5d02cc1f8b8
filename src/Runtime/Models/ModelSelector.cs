using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dify.Plugin;

/// <summary>A model config that can be read from the value of a <c>model-selector</c> parameter.</summary>
/// <typeparam name="TSelf">The config type.</typeparam>
public interface IModelSelectorConfig<TSelf>
    where TSelf : BaseModelConfig
{
    /// <summary>The model type the selector's scope must name for this config.</summary>
    static abstract ModelType SelectorModelType { get; }

    /// <summary>Reads the config from a model-selector value; throws <see cref="ToolParametersException"/> when it does not fit.</summary>
    /// <param name="value">The value Dify sent, <c>{"provider", "model", "model_type", …}</c>.</param>
    /// <param name="parameterName">The parameter's name, for error messages.</param>
    static abstract TSelf FromModelSelector(JsonElement value, string parameterName);
}

/// <summary>
/// Reads the value Dify's model selector produces: <c>{"provider", "model", "model_type", "mode"?,
/// "completion_params"?, "voice"?, "language"?}</c>. The older stored layout <c>{"type": "constant", "value": {…}}</c>
/// is accepted too.
/// </summary>
public static class ModelSelector
{
    /// <summary>Reads any config type from a model-selector value.</summary>
    public static TConfig Read<TConfig>(JsonElement value, string parameterName)
        where TConfig : BaseModelConfig, IModelSelectorConfig<TConfig> =>
        TConfig.FromModelSelector(value, parameterName);

    internal static (string Provider, string Model, JsonElement Value) ReadCommon(JsonElement value, string parameterName, ModelType expected)
    {
        if (value.ValueKind == JsonValueKind.Object
            && value.TryGetProperty("value", out var inner)
            && inner.ValueKind == JsonValueKind.Object
            && !value.TryGetProperty("provider", out _))
        {
            value = inner;
        }

        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            throw Problem(parameterName, "required", "no model is selected. Pick a model for this tool in Dify.");
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Problem(parameterName, "type", $"a model-selector value must be an object with provider, model and model_type; got {Describe(value)}. "
                + "If it is empty, no model was picked for this tool in Dify.");
        }

        var provider = GetString(value, "provider");
        var model = GetString(value, "model");
        if (string.IsNullOrEmpty(provider) || string.IsNullOrEmpty(model))
        {
            throw Problem(parameterName, "required", "no model is selected (provider or model is missing). Pick a model for this tool in Dify.");
        }

        var modelType = GetString(value, "model_type");
        var expectedName = WireName(expected);
        if (modelType is not null && modelType != expectedName)
        {
            throw Problem(parameterName, "scope", $"the selected model is a '{modelType}' model, but this parameter needs a '{expectedName}' model. "
                + $"Check the parameter's scope in the tool manifest (scope: {expectedName}).");
        }

        return (provider, model, value);
    }

    internal static string? GetString(JsonElement value, string name) =>
        value.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String ? property.GetString() : null;

    internal static ToolParametersException Problem(string parameterName, string rule, string message) =>
        new(null, [new ToolParameterProblem(parameterName, rule, message)]);

    internal static string WireName(ModelType type) => type switch
    {
        ModelType.Llm => "llm",
        ModelType.TextEmbedding => "text-embedding",
        ModelType.Rerank => "rerank",
        ModelType.Speech2Text => "speech2text",
        ModelType.Moderation => "moderation",
        ModelType.Tts => "tts",
        ModelType.Text2Img => "text2img",
        ModelType.MultimodalEmbedding => "multimodal-embedding",
        ModelType.MultimodalRerank => "multimodal-rerank",
        _ => type.ToString(),
    };

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => "nothing",
        JsonValueKind.String => "a string",
        JsonValueKind.Array => "an array",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };
}

public sealed partial record LLMModelConfig : IModelSelectorConfig<LLMModelConfig>
{
    /// <inheritdoc />
    public static ModelType SelectorModelType => ModelType.Llm;

    /// <inheritdoc />
    public static LLMModelConfig FromModelSelector(JsonElement value, string parameterName)
    {
        var (provider, model, selector) = ModelSelector.ReadCommon(value, parameterName, ModelType.Llm);
        var completionParams = selector.TryGetProperty("completion_params", out var parameters) && parameters.ValueKind == JsonValueKind.Object
            ? JsonObject.Create(parameters)!
            : new JsonObject();
        return new LLMModelConfig
        {
            Provider = provider,
            Model = model,
            // The selector takes mode from model_properties.mode; legacy values may lack it, and chat is what they meant.
            Mode = ModelSelector.GetString(selector, "mode") is { Length: > 0 } mode ? mode : "chat",
            CompletionParams = completionParams,
        };
    }
}

public sealed partial record TextEmbeddingModelConfig : IModelSelectorConfig<TextEmbeddingModelConfig>
{
    /// <inheritdoc />
    public static ModelType SelectorModelType => ModelType.TextEmbedding;

    /// <inheritdoc />
    public static TextEmbeddingModelConfig FromModelSelector(JsonElement value, string parameterName)
    {
        var (provider, model, _) = ModelSelector.ReadCommon(value, parameterName, ModelType.TextEmbedding);
        return new TextEmbeddingModelConfig { Provider = provider, Model = model };
    }
}

public sealed partial record RerankModelConfig : IModelSelectorConfig<RerankModelConfig>
{
    /// <inheritdoc />
    public static ModelType SelectorModelType => ModelType.Rerank;

    /// <inheritdoc />
    public static RerankModelConfig FromModelSelector(JsonElement value, string parameterName)
    {
        var (provider, model, selector) = ModelSelector.ReadCommon(value, parameterName, ModelType.Rerank);
        double? threshold = selector.TryGetProperty("score_threshold", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDouble() : null;
        int? topN = selector.TryGetProperty("top_n", out var n) && n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var top) ? top : null;
        return new RerankModelConfig { Provider = provider, Model = model, ScoreThreshold = threshold, TopN = topN };
    }
}

public sealed partial record TTSModelConfig : IModelSelectorConfig<TTSModelConfig>
{
    /// <inheritdoc />
    public static ModelType SelectorModelType => ModelType.Tts;

    /// <inheritdoc />
    public static TTSModelConfig FromModelSelector(JsonElement value, string parameterName)
    {
        var (provider, model, selector) = ModelSelector.ReadCommon(value, parameterName, ModelType.Tts);
        var voice = ModelSelector.GetString(selector, "voice");
        if (string.IsNullOrEmpty(voice))
        {
            throw ModelSelector.Problem(parameterName, "required", "the selected TTS model has no voice; pick a voice for this tool in Dify.");
        }

        return new TTSModelConfig { Provider = provider, Model = model, Voice = voice, Language = ModelSelector.GetString(selector, "language") };
    }
}

public sealed partial record Speech2TextModelConfig : IModelSelectorConfig<Speech2TextModelConfig>
{
    /// <inheritdoc />
    public static ModelType SelectorModelType => ModelType.Speech2Text;

    /// <inheritdoc />
    public static Speech2TextModelConfig FromModelSelector(JsonElement value, string parameterName)
    {
        var (provider, model, _) = ModelSelector.ReadCommon(value, parameterName, ModelType.Speech2Text);
        return new Speech2TextModelConfig { Provider = provider, Model = model };
    }
}

public sealed partial record ModerationModelConfig : IModelSelectorConfig<ModerationModelConfig>
{
    /// <inheritdoc />
    public static ModelType SelectorModelType => ModelType.Moderation;

    /// <inheritdoc />
    public static ModerationModelConfig FromModelSelector(JsonElement value, string parameterName)
    {
        var (provider, model, _) = ModelSelector.ReadCommon(value, parameterName, ModelType.Moderation);
        return new ModerationModelConfig { Provider = provider, Model = model };
    }
}
