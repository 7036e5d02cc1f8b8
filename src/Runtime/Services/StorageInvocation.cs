using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Dify.Plugin.Invocation;
using Dify.Plugin.Serialization;

namespace Dify.Plugin;

/// <summary>
/// The plugin's persistent key-value storage, kept by Dify per workspace (Python SDK: <c>session.storage</c>). Needs
/// <c>resource.permission.storage.enabled</c> and a <c>size</c> (bytes, the quota for all keys together) in
/// <c>manifest.yaml</c>. Values travel as hex; the methods take and return bytes, with UTF-8 text and JSON on top.
/// </summary>
public sealed class StorageInvocation
{
    private const string Ok = "ok";

    private readonly BackwardsInvoker _invoker;

    internal StorageInvocation(BackwardsInvoker invoker) => _invoker = invoker;

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>, replacing any value (<c>set</c>).</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The bytes.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    /// <exception cref="DifyInvocationException">Dify refused, for example because the value exceeds the manifest's storage size.</exception>
    public async Task SetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        var data = await InvokeAsync("set", key, Convert.ToHexStringLower(value.Span), cancellationToken).ConfigureAwait(false);
        ExpectOk(data, "set");
    }

    /// <summary>Reads the value under <paramref name="key"/> (<c>get</c>).</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    /// <exception cref="DifyInvocationException">The key does not exist (Dify answers "load data failed…"); check with <see cref="ExistsAsync"/> first.</exception>
    public async Task<byte[]> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var data = await InvokeAsync("get", key, null, cancellationToken).ConfigureAwait(false);
        if (data.ValueKind != JsonValueKind.String)
        {
            throw new DifyProtocolException($"The 'storage' get returned {data.ValueKind} where hex was expected.");
        }

        try
        {
            return Convert.FromHexString(data.GetString()!);
        }
        catch (FormatException exception)
        {
            throw new DifyProtocolException("The 'storage' get returned a value that is not hex.", exception);
        }
    }

    /// <summary>Removes the value under <paramref name="key"/>, if any (<c>del</c>).</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var data = await InvokeAsync("del", key, null, cancellationToken).ConfigureAwait(false);
        ExpectOk(data, "del");
    }

    /// <summary>Whether a value is stored under <paramref name="key"/> (<c>exist</c>).</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        var data = await InvokeAsync("exist", key, null, cancellationToken).ConfigureAwait(false);
        return data.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new DifyProtocolException($"The 'storage' exist returned {data.ValueKind} where a boolean was expected."),
        };
    }

    /// <summary>Stores <paramref name="value"/> as UTF-8.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The text.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public Task SetStringAsync(string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        return SetAsync(key, Encoding.UTF8.GetBytes(value), cancellationToken);
    }

    /// <summary>Reads the value under <paramref name="key"/> as UTF-8 text.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public async Task<string> GetStringAsync(string key, CancellationToken cancellationToken = default) =>
        Encoding.UTF8.GetString(await GetAsync(key, cancellationToken).ConfigureAwait(false));

    /// <summary>Stores <paramref name="value"/> as UTF-8 JSON, serialized with <paramref name="typeInfo"/> (from a <c>JsonSerializerContext</c>, so it stays trim- and AOT-safe).</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="typeInfo">How to serialize it.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public Task SetJsonAsync<T>(string key, T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return SetAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), cancellationToken);
    }

    /// <summary>Reads the JSON value under <paramref name="key"/> with <paramref name="typeInfo"/>.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="typeInfo">How to deserialize it.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    /// <exception cref="JsonException">The stored value is not JSON of that type.</exception>
    public async Task<T?> GetJsonAsync<T>(string key, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return JsonSerializer.Deserialize(await GetAsync(key, cancellationToken).ConfigureAwait(false), typeInfo);
    }

    /// <summary>Stores a JSON document as UTF-8.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The JSON.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public Task SetJsonAsync(string key, JsonNode? value, CancellationToken cancellationToken = default) =>
        SetAsync(key, Encoding.UTF8.GetBytes(value?.ToJsonString() ?? "null"), cancellationToken);

    /// <summary>Reads the JSON document under <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    /// <exception cref="JsonException">The stored value is not JSON.</exception>
    public async Task<JsonNode?> GetJsonAsync(string key, CancellationToken cancellationToken = default) =>
        JsonNode.Parse(await GetAsync(key, cancellationToken).ConfigureAwait(false));

    private async Task<JsonElement> InvokeAsync(string operation, string key, string? hexValue, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var result = await _invoker.InvokeSingleAsync(
            InvokeType.Storage,
            new StorageInvokeRequest { Opt = operation, Key = key, Value = hexValue },
            DifyJsonContext.Default.StorageInvokeRequest,
            DifyJsonContext.Default.StorageResultPayload,
            cancellationToken).ConfigureAwait(false);
        return result.Data;
    }

    private static void ExpectOk(JsonElement data, string operation)
    {
        if (data.ValueKind != JsonValueKind.String || data.GetString() != Ok)
        {
            throw new DifyProtocolException($"The 'storage' {operation} returned {(data.ValueKind == JsonValueKind.Undefined ? "no data" : data.GetRawText())} where \"ok\" was expected.");
        }
    }
}
