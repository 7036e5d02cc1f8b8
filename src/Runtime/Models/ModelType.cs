using System.Text.Json.Serialization;

namespace Dify.Plugin;

/// <summary>The kind of a Dify model, as the wire spells it in <c>model_type</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModelType>))]
public enum ModelType
{
    /// <summary>A large language model (<c>llm</c>).</summary>
    [JsonStringEnumMemberName("llm")] Llm,

    /// <summary>A text embedding model (<c>text-embedding</c>).</summary>
    [JsonStringEnumMemberName("text-embedding")] TextEmbedding,

    /// <summary>A rerank model (<c>rerank</c>).</summary>
    [JsonStringEnumMemberName("rerank")] Rerank,

    /// <summary>A speech-to-text model (<c>speech2text</c>).</summary>
    [JsonStringEnumMemberName("speech2text")] Speech2Text,

    /// <summary>A moderation model (<c>moderation</c>).</summary>
    [JsonStringEnumMemberName("moderation")] Moderation,

    /// <summary>A text-to-speech model (<c>tts</c>).</summary>
    [JsonStringEnumMemberName("tts")] Tts,

    /// <summary>A text-to-image model (<c>text2img</c>).</summary>
    [JsonStringEnumMemberName("text2img")] Text2Img,

    /// <summary>A multimodal embedding model (<c>multimodal-embedding</c>, daemon only).</summary>
    [JsonStringEnumMemberName("multimodal-embedding")] MultimodalEmbedding,

    /// <summary>A multimodal rerank model (<c>multimodal-rerank</c>, daemon only).</summary>
    [JsonStringEnumMemberName("multimodal-rerank")] MultimodalRerank,
}

/// <summary>
/// A capability a model declares in its provider's <c>features</c> list. The same tokens appear after the model type
/// in a <c>model-selector</c> parameter's <c>scope</c> (for example <c>llm&amp;tool-call&amp;vision</c>).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModelFeature>))]
public enum ModelFeature
{
    /// <summary>Single tool call per turn (<c>tool-call</c>).</summary>
    [JsonStringEnumMemberName("tool-call")] ToolCall,

    /// <summary>Several tool calls per turn (<c>multi-tool-call</c>).</summary>
    [JsonStringEnumMemberName("multi-tool-call")] MultiToolCall,

    /// <summary>Agent thought output (<c>agent-thought</c>).</summary>
    [JsonStringEnumMemberName("agent-thought")] AgentThought,

    /// <summary>Image input (<c>vision</c>).</summary>
    [JsonStringEnumMemberName("vision")] Vision,

    /// <summary>Tool calls while streaming (<c>stream-tool-call</c>).</summary>
    [JsonStringEnumMemberName("stream-tool-call")] StreamToolCall,

    /// <summary>Document input (<c>document</c>).</summary>
    [JsonStringEnumMemberName("document")] Document,

    /// <summary>Video input (<c>video</c>).</summary>
    [JsonStringEnumMemberName("video")] Video,

    /// <summary>Audio input (<c>audio</c>).</summary>
    [JsonStringEnumMemberName("audio")] Audio,

    /// <summary>Structured (JSON schema) output (<c>structured-output</c>).</summary>
    [JsonStringEnumMemberName("structured-output")] StructuredOutput,

    /// <summary>Long-running calls answered by polling (<c>polling</c>).</summary>
    [JsonStringEnumMemberName("polling")] Polling,
}

/// <summary>What the texts passed to a text embedding model are used for (<c>input_type</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EmbeddingInputType>))]
public enum EmbeddingInputType
{
    /// <summary>The texts are search queries (<c>query</c>, the SDK's default).</summary>
    [JsonStringEnumMemberName("query")] Query,

    /// <summary>The texts are documents to be indexed (<c>document</c>).</summary>
    [JsonStringEnumMemberName("document")] Document,
}

/// <summary>The role of a prompt message.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PromptMessageRole>))]
public enum PromptMessageRole
{
    /// <summary><c>system</c></summary>
    [JsonStringEnumMemberName("system")] System,

    /// <summary><c>user</c></summary>
    [JsonStringEnumMemberName("user")] User,

    /// <summary><c>assistant</c></summary>
    [JsonStringEnumMemberName("assistant")] Assistant,

    /// <summary><c>tool</c></summary>
    [JsonStringEnumMemberName("tool")] Tool,

    /// <summary><c>developer</c>. The daemon's role validator does not list it; it is passed through on the invoke path.</summary>
    [JsonStringEnumMemberName("developer")] Developer,
}
