using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Dify.Plugin.Invocation;

namespace Dify.Plugin.Testing;

/// <summary>
/// Scripts <c>session.Storage</c> with an in-memory store that answers as the daemon does: <c>get</c> of a missing key
/// fails with its "load data failed" error, <c>set</c> past <see cref="SizeLimit"/> with "allocated size is greater than
/// max storage size". Queued errors answer before the store.
/// </summary>
public sealed class StorageScript
{
    private readonly ConcurrentDictionary<string, byte[]> _values = new(StringComparer.Ordinal);

    internal StorageScript(ScriptedEndpoint endpoint)
    {
        Endpoint = endpoint;
        endpoint.RespondUsing(request => [Answer(ScriptJson.Parse(request))]);
    }

    /// <summary>The underlying endpoint: its requests and raw frames.</summary>
    public ScriptedEndpoint Endpoint { get; }

    /// <summary>The requests received (<c>{"opt", "key", "value"}</c>), exactly as they would go to Dify.</summary>
    public IReadOnlyList<JsonObject> Requests => Endpoint.Requests.Select(ScriptJson.Parse).ToArray();

    /// <summary>What is stored now.</summary>
    public IReadOnlyDictionary<string, byte[]> Values => new Dictionary<string, byte[]>(_values, StringComparer.Ordinal);

    /// <summary>The manifest's <c>storage.size</c> to enforce, in bytes over all keys; <see langword="null"/> for no limit.</summary>
    public long? SizeLimit { get; set; }

    /// <summary>Stores a value before the code under test runs.</summary>
    public void Seed(string key, byte[] value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        _values[key] = value.ToArray();
    }

    /// <summary>Stores a UTF-8 text value before the code under test runs.</summary>
    public void Seed(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Seed(key, Encoding.UTF8.GetBytes(value));
    }

    /// <summary>Answers the next storage request with Dify's <c>error</c> frame, for example a permission error.</summary>
    public void RespondWithError(string message) => Endpoint.EnqueueError(message);

    private BackwardsResponseFrame Answer(JsonObject request)
    {
        var key = (string)request["key"]!;
        switch ((string?)request["opt"])
        {
            case "get":
                return _values.TryGetValue(key, out var stored)
                    ? Data(new JsonObject { ["data"] = Convert.ToHexStringLower(stored) })
                    : BackwardsResponseFrame.Error("load data failed, please check if the key is correct or you have not set it");
            case "set":
                var value = Convert.FromHexString((string?)request["value"] ?? "");
                if (key.Length > 256)
                {
                    return BackwardsResponseFrame.Error("save data failed: key length must be less than 256 characters");
                }

                var others = _values.Where(pair => pair.Key != key).Sum(pair => (long)pair.Value.Length);
                if (SizeLimit is { } limit && others + value.Length > limit)
                {
                    return BackwardsResponseFrame.Error("save data failed: allocated size is greater than max storage size");
                }

                _values[key] = value;
                return Data(new JsonObject { ["data"] = "ok" });
            case "del":
                var deleted = _values.TryRemove(key, out _) ? 1 : 0;
                return Data(new JsonObject { ["data"] = "ok", ["deleted_num"] = deleted });
            case "exist":
                var exists = _values.ContainsKey(key);
                return Data(new JsonObject { ["data"] = exists, ["exist_num"] = exists ? 1 : 0 });
            default:
                return BackwardsResponseFrame.Error($"unmarshal backwards invoke request failed: unknown storage opt '{request["opt"]}'");
        }
    }

    private static BackwardsResponseFrame Data(JsonObject payload) => BackwardsResponseFrame.Struct(TestSession.ToElement(payload));
}
