using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Dify.Plugin.Serialization;

// The `request` objects of the service invocations (tool, app, workflow node, storage, upload), field for field what
// the Python SDK's dict literals send, in their order. Optional fields the SDK adds only when set are omitted when null.

internal sealed class ToolInvokeRequest
{
    public required string ToolType { get; init; }
    public required string Provider { get; init; }
    public required string Tool { get; init; }
    public required JsonObject ToolParameters { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AppId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CredentialId { get; init; }
}

internal sealed class ChatAppInvokeRequest
{
    public required string AppId { get; init; }
    public required string Query { get; init; }
    public required JsonObject Inputs { get; init; }
    public required string ResponseMode { get; init; }
    public required string? ConversationId { get; init; }
    public required string? User { get; init; }
}

internal sealed class AppInvokeRequest
{
    public required string AppId { get; init; }
    public required JsonObject Inputs { get; init; }
    public required string ResponseMode { get; init; }
    public required string? User { get; init; }
}

internal sealed class FetchAppRequest
{
    public required string AppId { get; init; }
}

internal sealed class NodeModelConfigPayload
{
    public required string Provider { get; init; }
    public required string Name { get; init; }
    public required string Mode { get; init; }
    public required JsonObject? CompletionParams { get; init; }
}

internal sealed class ParameterConfigPayload
{
    public required string Name { get; init; }
    public required string Type { get; init; }
    public required IReadOnlyList<string> Options { get; init; }
    public required string? Description { get; init; }
    public required bool? Required { get; init; }
}

internal sealed class ClassConfigPayload
{
    public required string Id { get; init; }
    public required string Name { get; init; }
}

internal sealed class ParameterExtractorInvokeRequest
{
    public required IReadOnlyList<ParameterConfigPayload> Parameters { get; init; }
    public required NodeModelConfigPayload Model { get; init; }
    public required string Query { get; init; }
    public required string Instruction { get; init; }
}

internal sealed class QuestionClassifierInvokeRequest
{
    public required IReadOnlyList<ClassConfigPayload> Classes { get; init; }
    public required NodeModelConfigPayload Model { get; init; }
    public required string Query { get; init; }
    public required string Instruction { get; init; }
}

internal sealed class StorageInvokeRequest
{
    public required string Opt { get; init; }
    public required string Key { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Value { get; init; }
}

internal sealed class UploadFileInvokeRequest
{
    public required string Filename { get; init; }
    public required string Mimetype { get; init; }
}

// Response payloads.

internal sealed class StorageResultPayload
{
    public JsonElement Data { get; init; }
}

internal sealed class UploadUrlPayload
{
    public string? Url { get; init; }
}
