using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Dify.Plugin;

/// <summary>How the tool's provider was authorized (<c>credential_type</c>).</summary>
public enum CredentialType
{
    /// <summary><c>api-key</c></summary>
    ApiKey,

    /// <summary><c>oauth2</c></summary>
    OAuth2,

    /// <summary><c>unauthorized</c></summary>
    Unauthorized,
}

/// <summary>
/// The provider credentials Dify sends with each request (<c>credentials</c>), by the names declared in the
/// provider's <c>credentials_for_provider</c>. <see cref="ToString"/> never shows the values.
/// </summary>
public sealed class ToolCredentials : IReadOnlyDictionary<string, string>
{
    private readonly Dictionary<string, string> _values;

    /// <summary>Creates credentials from name/value pairs.</summary>
    public ToolCredentials(IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new Dictionary<string, string>(values, StringComparer.Ordinal);
    }

    /// <summary>No credentials.</summary>
    public static ToolCredentials Empty { get; } = new([]);

    /// <summary>Reads <c>credentials</c>: scalars become their text, objects and arrays their JSON, nulls are left out.</summary>
    public static ToolCredentials FromJson(JsonElement credentials)
    {
        if (credentials.ValueKind != JsonValueKind.Object)
        {
            return Empty;
        }

        var values = new List<KeyValuePair<string, string>>();
        foreach (var property in credentials.EnumerateObject())
        {
            var value = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => property.Value.GetRawText(),
            };
            if (value is not null)
            {
                values.Add(new(property.Name, value));
            }
        }

        return new ToolCredentials(values);
    }

    /// <summary>The value of a credential that must be set.</summary>
    /// <exception cref="InvalidOperationException">It is missing or empty.</exception>
    public string GetRequired(string name)
    {
        if (_values.TryGetValue(name, out var value) && value.Length > 0)
        {
            return value;
        }

        throw new InvalidOperationException(
            $"The credential '{name}' is not set. Declare it under credentials_for_provider in the provider YAML and fill it in Dify "
            + "(Plugins → your plugin → Authorize).");
    }

    /// <inheritdoc />
    public string this[string key] => _values[key];

    /// <inheritdoc />
    public IEnumerable<string> Keys => _values.Keys;

    /// <inheritdoc />
    public IEnumerable<string> Values => _values.Values;

    /// <inheritdoc />
    public int Count => _values.Count;

    /// <inheritdoc />
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value) => _values.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The credential names, with the values hidden.</summary>
    public override string ToString() => "{" + string.Join(", ", _values.Keys.Select(key => key + ": ***")) + "}";
}

/// <summary>What a tool knows about the request it serves (Python SDK: <c>self.runtime</c>).</summary>
public sealed record ToolRuntime
{
    /// <summary>The provider credentials.</summary>
    public ToolCredentials Credentials { get; init; } = ToolCredentials.Empty;

    /// <summary>How the provider was authorized.</summary>
    public CredentialType CredentialType { get; init; } = CredentialType.ApiKey;

    /// <summary>The Dify user the tool runs for.</summary>
    public string? UserId { get; init; }

    /// <summary>The session id of the request.</summary>
    public string? SessionId { get; init; }
}
