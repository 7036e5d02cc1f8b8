using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Dify.Plugin.AI;

/// <summary>
/// Turns the loosely typed values of MEAI (function arguments, function results, additional properties) into JSON
/// without reflection: JSON values and primitives directly, anything else through the source-generated type
/// information of <see cref="AIJsonUtilities.DefaultOptions"/>.
/// </summary>
internal static class JsonValues
{
    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        JsonElement element => element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? null : JsonNode.Parse(element.GetRawText()),
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        int number => JsonValue.Create(number),
        long number => JsonValue.Create(number),
        float number => JsonValue.Create(number),
        double number => JsonValue.Create(number),
        decimal number => JsonValue.Create(number),
        IEnumerable<KeyValuePair<string, object?>> pairs => ToObject(pairs),
        IEnumerable items and not string => new JsonArray(items.Cast<object?>().Select(ToNode).ToArray()),
        short number => JsonValue.Create(number),
        ushort number => JsonValue.Create(number),
        byte number => JsonValue.Create(number),
        sbyte number => JsonValue.Create(number),
        uint number => JsonValue.Create(number),
        ulong number => JsonValue.Create(number),
        _ => JsonSerializer.SerializeToNode(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType())),
    };

    public static JsonObject ToObject(IEnumerable<KeyValuePair<string, object?>> pairs)
    {
        var result = new JsonObject();
        foreach (var (name, value) in pairs)
        {
            result[name] = ToNode(value);
        }

        return result;
    }

    /// <summary>A value as text for the model: strings as they are, everything else as JSON.</summary>
    public static string ToText(object? value) => value switch
    {
        null => "",
        string text => text,
        _ => ToNode(value)?.ToJsonString() ?? "",
    };

    /// <summary>Parses a JSON object of arguments into name/value pairs of <see cref="JsonElement"/>s.</summary>
    public static Dictionary<string, object?> ParseArguments(string json)
    {
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return arguments;
        }

        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"Tool-call arguments must be a JSON object; got {document.RootElement.ValueKind}.");
        }

        foreach (var property in document.RootElement.EnumerateObject())
        {
            arguments[property.Name] = property.Value.Clone();
        }

        return arguments;
    }
}
