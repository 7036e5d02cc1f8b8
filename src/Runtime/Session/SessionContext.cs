using System.Text.Json;

namespace Dify.Plugin;

/// <summary>
/// What the daemon sends about a session beyond its ids (Python SDK: <c>SessionContext</c> in <c>core/runtime.py</c>,
/// from the request's <c>context</c>): for now, the credential each tool provider is invoked with.
/// </summary>
public sealed record SessionContext
{
    /// <summary>No context.</summary>
    public static SessionContext Empty { get; } = new();

    /// <summary>
    /// The credential id per tool provider (<c>context.credentials.tool_credentials</c>): the credential a backwards
    /// tool invocation uses when it names none. Ids, not the credentials themselves.
    /// </summary>
    public IReadOnlyDictionary<string, string> ToolCredentialIds { get; init; } = new Dictionary<string, string>();

    /// <summary>The credential id of <paramref name="provider"/>, or null (<c>get_credential_id</c>).</summary>
    public string? GetToolCredentialId(string provider) => ToolCredentialIds.TryGetValue(provider, out var id) ? id : null;

    /// <summary>Reads the envelope's <c>context</c>; anything missing or of another shape is left empty.</summary>
    public static SessionContext FromJson(JsonElement context)
    {
        if (context.ValueKind != JsonValueKind.Object
            || !context.TryGetProperty("credentials", out var credentials) || credentials.ValueKind != JsonValueKind.Object
            || !credentials.TryGetProperty("tool_credentials", out var toolCredentials) || toolCredentials.ValueKind != JsonValueKind.Object)
        {
            return Empty;
        }

        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in toolCredentials.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                ids[property.Name] = property.Value.GetString()!;
            }
        }

        return new SessionContext { ToolCredentialIds = ids };
    }
}
