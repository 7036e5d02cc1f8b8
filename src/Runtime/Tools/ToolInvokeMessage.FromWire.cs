using System.Text.Json.Nodes;
using Dify.Plugin.Invocation;

namespace Dify.Plugin;

public sealed partial record ToolInvokeMessage
{
    /// <summary>
    /// Reads a message another tool sent back through Dify: <c>{"type", "message", "meta"}</c>, a blob's bytes in base64
    /// as the Python SDK's <c>ToolInvokeMessage.decode_blob_message</c> reads them.
    /// </summary>
    /// <exception cref="DifyProtocolException">The type is unknown or the message is not an object.</exception>
    internal static ToolInvokeMessage FromWire(JsonObject wire)
    {
        var typeName = wire["type"] is JsonValue typeValue && typeValue.TryGetValue<string>(out var name) ? name : null;
        var type = typeName switch
        {
            "text" => ToolInvokeMessageType.Text,
            "json" => ToolInvokeMessageType.Json,
            "link" => ToolInvokeMessageType.Link,
            "image" => ToolInvokeMessageType.Image,
            "image_link" => ToolInvokeMessageType.ImageLink,
            "blob" => ToolInvokeMessageType.Blob,
            "variable" => ToolInvokeMessageType.Variable,
            "log" => ToolInvokeMessageType.Log,
            "retriever_resources" => ToolInvokeMessageType.RetrieverResources,
            _ => throw new DifyProtocolException($"The 'tool' invocation returned a message of unknown type '{typeName ?? "(none)"}'."),
        };
        var message = wire["message"] switch
        {
            null => null,
            JsonObject found => (JsonObject)found.DeepClone(),
            _ => throw new DifyProtocolException($"The 'tool' invocation returned a '{typeName}' message whose 'message' is not an object."),
        };
        var meta = wire["meta"] as JsonObject is { } metaObject ? (JsonObject)metaObject.DeepClone() : null;
        if (type != ToolInvokeMessageType.Blob)
        {
            return new ToolInvokeMessage(type, message, meta);
        }

        var blob = message?["blob"] is JsonValue blobValue && blobValue.TryGetValue<string>(out var base64) ? base64 : "";
        try
        {
            return new ToolInvokeMessage(type, new JsonObject(), meta, Convert.FromBase64String(blob));
        }
        catch (FormatException exception)
        {
            throw new DifyProtocolException("The 'tool' invocation returned a blob message that is not base64.", exception);
        }
    }
}
