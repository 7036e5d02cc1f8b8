using System.Text.Json.Serialization;

namespace Dify.Plugin.Invocation;

/// <summary>The kind of a backwards invocation, as the wire spells it in the invoke message's <c>type</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InvokeType>))]
public enum InvokeType
{
    /// <summary><c>llm</c></summary>
    [JsonStringEnumMemberName("llm")] Llm,

    /// <summary><c>llm_structured_output</c></summary>
    [JsonStringEnumMemberName("llm_structured_output")] LlmStructuredOutput,

    /// <summary><c>text_embedding</c></summary>
    [JsonStringEnumMemberName("text_embedding")] TextEmbedding,

    /// <summary><c>multimodal_embedding</c></summary>
    [JsonStringEnumMemberName("multimodal_embedding")] MultimodalEmbedding,

    /// <summary><c>rerank</c></summary>
    [JsonStringEnumMemberName("rerank")] Rerank,

    /// <summary><c>multimodal_rerank</c></summary>
    [JsonStringEnumMemberName("multimodal_rerank")] MultimodalRerank,

    /// <summary><c>tts</c></summary>
    [JsonStringEnumMemberName("tts")] Tts,

    /// <summary><c>speech2text</c></summary>
    [JsonStringEnumMemberName("speech2text")] Speech2Text,

    /// <summary><c>moderation</c></summary>
    [JsonStringEnumMemberName("moderation")] Moderation,

    /// <summary><c>system_summary</c></summary>
    [JsonStringEnumMemberName("system_summary")] SystemSummary,

    /// <summary><c>tool</c></summary>
    [JsonStringEnumMemberName("tool")] Tool,

    /// <summary><c>app</c></summary>
    [JsonStringEnumMemberName("app")] App,

    /// <summary><c>fetch_app</c></summary>
    [JsonStringEnumMemberName("fetch_app")] FetchApp,

    /// <summary><c>node_parameter_extractor</c></summary>
    [JsonStringEnumMemberName("node_parameter_extractor")] NodeParameterExtractor,

    /// <summary><c>node_question_classifier</c></summary>
    [JsonStringEnumMemberName("node_question_classifier")] NodeQuestionClassifier,

    /// <summary><c>storage</c></summary>
    [JsonStringEnumMemberName("storage")] Storage,

    /// <summary><c>upload_file</c></summary>
    [JsonStringEnumMemberName("upload_file")] UploadFile,
}

/// <summary>Wire names of <see cref="InvokeType"/> values.</summary>
public static class InvokeTypeNames
{
    /// <summary>The string the wire uses for <paramref name="type"/>, such as <c>text_embedding</c>.</summary>
    public static string ToWireName(this InvokeType type) => type switch
    {
        InvokeType.Llm => "llm",
        InvokeType.LlmStructuredOutput => "llm_structured_output",
        InvokeType.TextEmbedding => "text_embedding",
        InvokeType.MultimodalEmbedding => "multimodal_embedding",
        InvokeType.Rerank => "rerank",
        InvokeType.MultimodalRerank => "multimodal_rerank",
        InvokeType.Tts => "tts",
        InvokeType.Speech2Text => "speech2text",
        InvokeType.Moderation => "moderation",
        InvokeType.SystemSummary => "system_summary",
        InvokeType.Tool => "tool",
        InvokeType.App => "app",
        InvokeType.FetchApp => "fetch_app",
        InvokeType.NodeParameterExtractor => "node_parameter_extractor",
        InvokeType.NodeQuestionClassifier => "node_question_classifier",
        InvokeType.Storage => "storage",
        InvokeType.UploadFile => "upload_file",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown invoke type."),
    };
}
