using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Dify.Plugin.Serialization;

/// <summary>
/// Reads and writes prompt messages exactly as the Python SDK's <c>model_dump()</c> does: <c>role</c>, <c>content</c>
/// and <c>name</c> on every message, <c>tool_calls</c> and <c>opaque_body</c> on assistant messages,
/// <c>tool_call_id</c> on tool messages. Hand-written so that it stays reflection-free.
/// </summary>
internal static class PromptMessageJson
{
    public static void Write(Utf8JsonWriter writer, PromptMessage message)
    {
        writer.WriteStartObject();
        writer.WriteString("role", RoleName(message.Role));
        writer.WritePropertyName("content");
        WriteContent(writer, message.Content);
        WriteNullableString(writer, "name", message.Name);
        switch (message)
        {
            case AssistantPromptMessage assistant:
                writer.WritePropertyName("tool_calls");
                writer.WriteStartArray();
                foreach (var call in assistant.ToolCalls)
                {
                    WriteToolCall(writer, call);
                }

                writer.WriteEndArray();
                writer.WritePropertyName("opaque_body");
                WriteNode(writer, assistant.OpaqueBody);
                break;
            case ToolPromptMessage tool:
                writer.WriteString("tool_call_id", tool.ToolCallId);
                break;
        }

        writer.WriteEndObject();
    }

    public static PromptMessage Read(ref Utf8JsonReader reader)
    {
        ExpectStartObject(ref reader, "prompt message");
        string? role = null;
        MessageContent content = default;
        string? name = null;
        string toolCallId = "";
        List<AssistantPromptMessage.ToolCall> toolCalls = [];
        JsonNode? opaqueBody = null;

        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.GetString();
            reader.Read();
            switch (property)
            {
                case "role":
                    role = reader.GetString();
                    break;
                case "content":
                    content = ReadContent(ref reader);
                    break;
                case "name":
                    name = ReadLenientString(ref reader);
                    break;
                case "tool_call_id":
                    toolCallId = ReadLenientString(ref reader) ?? "";
                    break;
                case "tool_calls":
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            toolCalls.Add(ReadToolCall(ref reader));
                        }
                    }
                    else
                    {
                        reader.Skip();
                    }

                    break;
                case "opaque_body":
                    opaqueBody = JsonNode.Parse(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return (role ?? "assistant") switch
        {
            "system" => new SystemPromptMessage(content) { Name = name },
            "user" => new UserPromptMessage(content) { Name = name },
            "developer" => new DeveloperPromptMessage(content) { Name = name },
            "tool" => new ToolPromptMessage(content, toolCallId) { Name = name },
            "assistant" => new AssistantPromptMessage(content) { Name = name, ToolCalls = toolCalls, OpaqueBody = opaqueBody },
            _ => throw new JsonException($"Unknown prompt message role '{role}'; expected system, user, assistant, tool or developer."),
        };
    }

    public static string RoleName(PromptMessageRole role) => role switch
    {
        PromptMessageRole.System => "system",
        PromptMessageRole.User => "user",
        PromptMessageRole.Assistant => "assistant",
        PromptMessageRole.Tool => "tool",
        PromptMessageRole.Developer => "developer",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static void WriteContent(Utf8JsonWriter writer, MessageContent content)
    {
        if (content.IsText)
        {
            writer.WriteStringValue(content.Text);
        }
        else if (content.IsParts)
        {
            writer.WriteStartArray();
            foreach (var part in content.Parts)
            {
                PromptMessageContentJson.Write(writer, part);
            }

            writer.WriteEndArray();
        }
        else
        {
            // The Python SDK dumps missing content as null, which the daemon rejects ("content field is required",
            // pkg/entities/model_entities/llm.go:145-149); an empty string it accepts.
            writer.WriteStringValue("");
        }
    }

    private static MessageContent ReadContent(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return default;
            case JsonTokenType.String:
                return new MessageContent(reader.GetString()!);
            case JsonTokenType.StartArray:
                var parts = new List<PromptMessageContent>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    parts.Add(PromptMessageContentJson.Read(ref reader));
                }

                return new MessageContent(parts);
            default:
                throw new JsonException($"A prompt message's content must be a string, a list of parts or null, not {reader.TokenType}.");
        }
    }

    private static void WriteToolCall(Utf8JsonWriter writer, AssistantPromptMessage.ToolCall call)
    {
        writer.WriteStartObject();
        writer.WriteString("id", call.Id);
        writer.WriteString("type", call.Type);
        writer.WritePropertyName("function");
        writer.WriteStartObject();
        writer.WriteString("name", call.Function.Name);
        writer.WriteString("arguments", call.Function.Arguments);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static AssistantPromptMessage.ToolCall ReadToolCall(ref Utf8JsonReader reader)
    {
        ExpectStartObject(ref reader, "tool call");
        string id = "", type = "", name = "", arguments = "";
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.GetString();
            reader.Read();
            switch (property)
            {
                case "id":
                    id = ReadLenientString(ref reader) ?? "";
                    break;
                case "type":
                    type = ReadLenientString(ref reader) ?? "";
                    break;
                case "function" when reader.TokenType == JsonTokenType.StartObject:
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var functionProperty = reader.GetString();
                        reader.Read();
                        switch (functionProperty)
                        {
                            case "name":
                                name = ReadLenientString(ref reader) ?? "";
                                break;
                            case "arguments":
                                // Some providers send the arguments as an object rather than a JSON string.
                                arguments = reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray
                                    ? JsonNode.Parse(ref reader)!.ToJsonString()
                                    : ReadLenientString(ref reader) ?? "";
                                break;
                            default:
                                reader.Skip();
                                break;
                        }
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new AssistantPromptMessage.ToolCall(id, type, new AssistantPromptMessage.ToolCallFunction(name, arguments));
    }

    /// <summary>Reads a string the way the Python SDK coerces it: <c>null</c> stays null, numbers and booleans become their text.</summary>
    public static string? ReadLenientString(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => throw new JsonException($"Expected a string, found {reader.TokenType}."),
    };

    public static void WriteNullableString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    public static void WriteNode(Utf8JsonWriter writer, JsonNode? node)
    {
        if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(writer);
        }
    }

    public static void ExpectStartObject(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a JSON object for a {what}, found {reader.TokenType}.");
        }
    }
}

/// <summary>Content parts, discriminated by <c>type</c>, with every field the Python SDK dumps.</summary>
internal static class PromptMessageContentJson
{
    public static void Write(Utf8JsonWriter writer, PromptMessageContent part)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("opaque_body");
        PromptMessageJson.WriteNode(writer, part.OpaqueBody);
        switch (part)
        {
            case TextPromptMessageContent text:
                writer.WriteString("type", "text");
                writer.WriteString("data", text.Data);
                break;
            case MultiModalPromptMessageContent media:
                writer.WriteString("format", media.Format);
                writer.WriteString("base64_data", media.Base64Data);
                writer.WriteString("url", media.Url);
                writer.WriteString("mime_type", media.MimeType);
                writer.WriteString("filename", media.Filename);
                writer.WriteString("type", TypeName(media.Type));
                if (media is ImagePromptMessageContent image)
                {
                    writer.WriteString("detail", image.Detail == ImageDetail.High ? "high" : "low");
                }

                break;
            default:
                throw new JsonException($"Unsupported content part {part.GetType().Name}.");
        }

        writer.WriteEndObject();
    }

    public static PromptMessageContent Read(ref Utf8JsonReader reader)
    {
        PromptMessageJson.ExpectStartObject(ref reader, "content part");
        string? type = null, data = null, format = null, mimeType = null, detail = null;
        string base64 = "", url = "", filename = "";
        JsonNode? opaqueBody = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.GetString();
            reader.Read();
            switch (property)
            {
                case "type": type = reader.GetString(); break;
                case "data": data = PromptMessageJson.ReadLenientString(ref reader); break;
                case "format": format = PromptMessageJson.ReadLenientString(ref reader); break;
                case "mime_type": mimeType = PromptMessageJson.ReadLenientString(ref reader); break;
                case "detail": detail = PromptMessageJson.ReadLenientString(ref reader); break;
                case "base64_data": base64 = PromptMessageJson.ReadLenientString(ref reader) ?? ""; break;
                case "url": url = PromptMessageJson.ReadLenientString(ref reader) ?? ""; break;
                case "filename": filename = PromptMessageJson.ReadLenientString(ref reader) ?? ""; break;
                case "opaque_body": opaqueBody = JsonNode.Parse(ref reader); break;
                default: reader.Skip(); break;
            }
        }

        return type switch
        {
            "text" => new TextPromptMessageContent(data ?? "") { OpaqueBody = opaqueBody },
            "image" => new ImagePromptMessageContent
            {
                Format = format ?? "", MimeType = mimeType ?? "", Base64Data = base64, Url = url, Filename = filename, OpaqueBody = opaqueBody,
                Detail = string.Equals(detail, "high", StringComparison.OrdinalIgnoreCase) ? ImageDetail.High : ImageDetail.Low,
            },
            "audio" => new AudioPromptMessageContent { Format = format ?? "", MimeType = mimeType ?? "", Base64Data = base64, Url = url, Filename = filename, OpaqueBody = opaqueBody },
            "video" => new VideoPromptMessageContent { Format = format ?? "", MimeType = mimeType ?? "", Base64Data = base64, Url = url, Filename = filename, OpaqueBody = opaqueBody },
            "document" => new DocumentPromptMessageContent { Format = format ?? "", MimeType = mimeType ?? "", Base64Data = base64, Url = url, Filename = filename, OpaqueBody = opaqueBody },
            _ => throw new JsonException($"Unknown content part type '{type}'; expected text, image, audio, video or document."),
        };
    }

    private static string TypeName(PromptMessageContentType type) => type switch
    {
        PromptMessageContentType.Text => "text",
        PromptMessageContentType.Image => "image",
        PromptMessageContentType.Audio => "audio",
        PromptMessageContentType.Video => "video",
        PromptMessageContentType.Document => "document",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}

internal sealed class PromptMessageConverter : JsonConverter<PromptMessage>
{
    public override PromptMessage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => PromptMessageJson.Read(ref reader);

    public override void Write(Utf8JsonWriter writer, PromptMessage value, JsonSerializerOptions options) => PromptMessageJson.Write(writer, value);
}

internal sealed class AssistantPromptMessageConverter : JsonConverter<AssistantPromptMessage>
{
    public override AssistantPromptMessage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        PromptMessageJson.Read(ref reader) as AssistantPromptMessage
        ?? throw new JsonException("Expected an assistant message (role 'assistant').");

    public override void Write(Utf8JsonWriter writer, AssistantPromptMessage value, JsonSerializerOptions options) => PromptMessageJson.Write(writer, value);
}

internal sealed class PromptMessageContentConverter : JsonConverter<PromptMessageContent>
{
    public override PromptMessageContent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => PromptMessageContentJson.Read(ref reader);

    public override void Write(Utf8JsonWriter writer, PromptMessageContent value, JsonSerializerOptions options) => PromptMessageContentJson.Write(writer, value);
}
