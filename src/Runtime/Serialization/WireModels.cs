using System.Text.Json.Nodes;

namespace Dify.Plugin.Serialization;

// The `request` objects of backwards invocations, field for field what the Python SDK sends:
// `{**model_config.model_dump(), …per-type fields}`. Declaration order is wire order.

internal sealed class LlmInvokeRequest
{
    public required string Provider { get; init; }
    public required string Model { get; init; }
    public required ModelType ModelType { get; init; }
    public required string Mode { get; init; }
    public required JsonObject CompletionParams { get; init; }
    public required IReadOnlyList<PromptMessage> PromptMessages { get; init; }
    public required IReadOnlyList<PromptMessageTool>? Tools { get; init; }
    public required IReadOnlyList<string>? Stop { get; init; }
    public required bool Stream { get; init; }
}

internal sealed class LlmStructuredOutputInvokeRequest
{
    public required string Provider { get; init; }
    public required string Model { get; init; }
    public required ModelType ModelType { get; init; }
    public required string Mode { get; init; }
    public required JsonObject CompletionParams { get; init; }
    public required IReadOnlyList<PromptMessage> PromptMessages { get; init; }
    public required JsonObject StructuredOutputSchema { get; init; }
    public required IReadOnlyList<PromptMessageTool>? Tools { get; init; }
    public required IReadOnlyList<string>? Stop { get; init; }
    public required bool Stream { get; init; }
}

internal sealed class SummaryInvokeRequest
{
    public required string Text { get; init; }
    public required string Instruction { get; init; }
}

internal sealed class TextEmbeddingInvokeRequest
{
    public required string Provider { get; init; }
    public required string Model { get; init; }
    public required ModelType ModelType { get; init; }
    public required IReadOnlyList<string> Texts { get; init; }
    public required EmbeddingInputType InputType { get; init; }
}

internal sealed class RerankInvokeRequest
{
    public required string Provider { get; init; }
    public required string Model { get; init; }
    public required ModelType ModelType { get; init; }
    public required double ScoreThreshold { get; init; }
    public required int TopN { get; init; }
    public required IReadOnlyList<string> Docs { get; init; }
    public required string Query { get; init; }
}

internal sealed class MultimodalEmbeddingInvokeRequest
{
    public required string Provider { get; init; }
    public required string Model { get; init; }
    public required ModelType ModelType { get; init; }
    public required IReadOnlyList<MultimodalContent> Documents { get; init; }
    public required EmbeddingInputType InputType { get; init; }
}

internal sealed class MultimodalRerankInvokeRequest
{
    public required string Provider { get; init; }
    public required string Model { get; init; }
    public required ModelType ModelType { get; init; }
    public required double ScoreThreshold { get; init; }
    public required int TopN { get; init; }
    public required MultimodalContent Query { get; init; }
    public required IReadOnlyList<MultimodalContent> Docs { get; init; }
}

internal sealed class TtsInvokeRequest
{
    public required string Provider { get; init; }
    public required string Model { get; init; }
    public required ModelType ModelType { get; init; }
    public required string Voice { get; init; }
    public required string ContentText { get; init; }
}

internal sealed class Speech2TextInvokeRequest
{
    public required string Provider { get; init; }
    public required string Model { get; init; }
    public required ModelType ModelType { get; init; }
    public required string File { get; init; }
}

internal sealed class ModerationInvokeRequest
{
    public required string Provider { get; init; }
    public required string Model { get; init; }
    public required ModelType ModelType { get; init; }
    public required string Text { get; init; }
}

// Response payloads that the public API unwraps.

internal sealed class TtsResultPayload
{
    public string Result { get; init => field = value ?? ""; } = "";
    public string? MimeType { get; init; }
}

internal sealed class StringResultPayload
{
    public string Result { get; init => field = value ?? ""; } = "";
}

internal sealed class BoolResultPayload
{
    public bool Result { get; init; }
}

internal sealed class SummaryResultPayload
{
    public string Summary { get; init => field = value ?? ""; } = "";
}
