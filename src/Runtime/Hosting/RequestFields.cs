using System.Text.Json;

namespace Dify.Plugin.Hosting;

/// <summary>Reads the fields of the daemon's messages without throwing on a shape the host did not expect.</summary>
internal static class RequestFields
{
    /// <summary>The string property <paramref name="name"/> of an object; null when absent, not a string or not an object.</summary>
    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
