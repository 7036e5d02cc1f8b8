using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Dify.Plugin.Serialization;

/// <summary>
/// The source-generated serializer for everything the runtime sends to and reads from Dify: snake_case names, nulls
/// written (as pydantic's <c>model_dump()</c>), numbers read from strings too (the daemon writes decimals as strings).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    UseStringEnumConverter = true,
    Converters = [typeof(PromptMessageConverter), typeof(AssistantPromptMessageConverter), typeof(PromptMessageContentConverter)])]
[JsonSerializable(typeof(LlmInvokeRequest))]
[JsonSerializable(typeof(LlmStructuredOutputInvokeRequest))]
[JsonSerializable(typeof(SummaryInvokeRequest))]
[JsonSerializable(typeof(TextEmbeddingInvokeRequest))]
[JsonSerializable(typeof(RerankInvokeRequest))]
[JsonSerializable(typeof(MultimodalEmbeddingInvokeRequest))]
[JsonSerializable(typeof(MultimodalRerankInvokeRequest))]
[JsonSerializable(typeof(TtsInvokeRequest))]
[JsonSerializable(typeof(Speech2TextInvokeRequest))]
[JsonSerializable(typeof(ModerationInvokeRequest))]
[JsonSerializable(typeof(LLMResultChunk))]
[JsonSerializable(typeof(LLMResultChunkWithStructuredOutput))]
[JsonSerializable(typeof(LLMResult))]
[JsonSerializable(typeof(TextEmbeddingResult))]
[JsonSerializable(typeof(RerankResult))]
[JsonSerializable(typeof(TtsResultPayload))]
[JsonSerializable(typeof(StringResultPayload))]
[JsonSerializable(typeof(BoolResultPayload))]
[JsonSerializable(typeof(SummaryResultPayload))]
[JsonSerializable(typeof(ToolInvokeRequest))]
[JsonSerializable(typeof(ChatAppInvokeRequest))]
[JsonSerializable(typeof(AppInvokeRequest))]
[JsonSerializable(typeof(FetchAppRequest))]
[JsonSerializable(typeof(QuestionClassifierInvokeRequest))]
[JsonSerializable(typeof(ParameterExtractorInvokeRequest))]
[JsonSerializable(typeof(StorageInvokeRequest))]
[JsonSerializable(typeof(UploadFileInvokeRequest))]
[JsonSerializable(typeof(StorageResultPayload))]
[JsonSerializable(typeof(UploadUrlPayload))]
[JsonSerializable(typeof(NodeResponse))]
[JsonSerializable(typeof(UploadedFile))]
[JsonSerializable(typeof(PromptMessage))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class DifyJsonContext : JsonSerializerContext;
