using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Dify.Plugin.Hosting.Tests.Fixture;

/// <summary>
/// Dify's plugin daemon as the reference describes it (§4.2-§4.9), written from that document and not from the
/// plugin's code: the remote-debug server on loopback with its registration rules, and the session side of the
/// protocol over any pair of streams.
/// </summary>
internal sealed class FakeDaemon : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Channel<DaemonConnection> _connections = Channel.CreateUnbounded<DaemonConnection>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;

    public FakeDaemon(string key)
    {
        Key = key;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public string Key { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Accepted;

    /// <summary>The next connection that registered (or was refused).</summary>
    public async Task<DaemonConnection> NextConnectionAsync(TimeSpan? timeout = null) =>
        await _connections.Reader.ReadAsync(new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30)).Token);

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref Accepted);
                var stream = client.GetStream();
                var connection = new DaemonConnection(stream, stream, client);
                _ = Task.Run(async () =>
                {
                    await connection.RegisterAsync(Key);
                    await _connections.Writer.WriteAsync(connection);
                });
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
    }
}

/// <summary>One plugin connection, as the daemon sees it.</summary>
internal sealed class DaemonConnection : IAsyncDisposable
{
    private readonly StreamReader _reader;
    private readonly Stream _output;
    private readonly IDisposable? _owner;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<string, Channel<JsonObject>> _sessions = new();
    private Task? _readLoop;

    public DaemonConnection(Stream input, Stream output, IDisposable? owner = null)
    {
        _reader = new StreamReader(input, new UTF8Encoding(false));
        _output = output;
        _owner = owner;
    }

    public JsonObject? Manifest { get; private set; }

    public List<JsonObject> Providers { get; } = [];

    public Dictionary<string, byte[]> Assets { get; } = [];

    public string? RegistrationError { get; private set; }

    public int Heartbeats;

    public ConcurrentQueue<JsonObject> Logs { get; } = new();

    public ConcurrentQueue<string> ProtocolViolations { get; } = new();

    /// <summary>Local mode: no registration; the daemon reads the plugin's stdout from the start.</summary>
    public void StartLocal() => _readLoop = ReadLoopAsync();

    /// <summary>Reads the registration lines until end and checks them as the daemon's hooks do.</summary>
    public async Task RegisterAsync(string key)
    {
        var handshake = await ReadJsonLineAsync(TimeSpan.FromSeconds(10));
        if (handshake is null || (string?)handshake["type"] != "handshake")
        {
            await RefuseAsync("handshake failed, invalid handshake message");
            return;
        }

        if ((string?)handshake["data"]?["key"] != key)
        {
            await RefuseAsync("handshake failed, invalid key");
            return;
        }

        var partial = new Dictionary<string, MemoryStream>();
        while (true)
        {
            var line = await ReadJsonLineAsync(TimeSpan.FromSeconds(10));
            if (line is null)
            {
                RegistrationError = "the connection closed during registration";
                return;
            }

            if (!line.ContainsKey("data") || line.ContainsKey("event"))
            {
                // Only {"type", "data"} lines may come before end; a heartbeat or log kills the connection.
                await RefuseAsync("register failed, invalid registration message");
                return;
            }

            switch ((string?)line["type"])
            {
                case "manifest_declaration":
                    Manifest = line["data"]!.AsObject();
                    if (Providers.Count > 0)
                    {
                        ProtocolViolations.Enqueue("manifest_declaration came after a tool_declaration; the tools would be lost");
                    }

                    break;
                case "tool_declaration":
                    if (Providers.Count > 0)
                    {
                        // runtime_intialization_handlers.go: a second tool_declaration ends the connection.
                        await RefuseAsync("register failed, tools declaration already registered");
                        return;
                    }

                    // The daemon keeps only the first provider of the list.
                    var declarations = line["data"]!.AsArray();
                    Providers.Add(declarations[0]!.AsObject());
                    break;
                case "asset_chunk":
                    var data = line["data"]!.AsObject();
                    var name = (string)data["filename"]!;
                    if (!partial.TryGetValue(name, out var buffer))
                    {
                        partial[name] = buffer = new MemoryStream();
                    }

                    var bytes = Convert.FromBase64String((string)data["data"]!);
                    if (bytes.Length > 8192)
                    {
                        ProtocolViolations.Enqueue($"asset chunk of {bytes.Length} bytes");
                    }

                    buffer.Write(bytes);
                    if ((bool)data["end"]!)
                    {
                        Assets[name] = buffer.ToArray();
                    }

                    break;
                case "end":
                    if (Manifest is null || Providers.Count == 0)
                    {
                        await RefuseAsync("no registration transferred, cannot initialize");
                        return;
                    }

                    foreach (var icon in RequiredIcons())
                    {
                        if (!Assets.ContainsKey(icon))
                        {
                            await RefuseAsync($"register failed, failed to remap tool icon {icon}");
                            return;
                        }
                    }

                    if ((string?)Manifest["meta"]?["runner"]?["language"] != "python")
                    {
                        await RefuseAsync("register failed, invalid manifest detected: language not supported");
                        return;
                    }

                    foreach (var provider in Providers)
                    {
                        if (!provider.ContainsKey("credentials_schema") && !provider.ContainsKey("credentials_for_provider"))
                        {
                            await RefuseAsync("register failed, unexpected end of JSON input");
                            return;
                        }

                        // tool_declaration.go UnmarshalJSON: from a map only the values survive, so every credential
                        // would reach Dify nameless and in random order; a list keeps names and order.
                        var credentials = provider["credentials_schema"] ?? provider["credentials_for_provider"];
                        if (credentials is JsonObject)
                        {
                            ProtocolViolations.Enqueue("credentials sent as a map lose their names on the daemon's JSON path");
                        }
                        else if (credentials is JsonArray list && list.Any(entry => string.IsNullOrEmpty((string?)entry?["name"])))
                        {
                            ProtocolViolations.Enqueue("a credential without a name");
                        }
                    }

                    _readLoop = ReadLoopAsync();
                    return;
                default:
                    await RefuseAsync("register failed, unknown registration message");
                    return;
            }
        }
    }

    /// <summary>Sends a request and collects the session's stream until end, answering backwards invocations with <paramref name="backwards"/>.</summary>
    public async Task<SessionResult> RequestAsync(JsonObject data, Func<JsonObject, IAsyncEnumerable<JsonObject>>? backwards = null, TimeSpan? timeout = null, string? sessionId = null)
    {
        sessionId ??= Guid.NewGuid().ToString();
        var session = FollowAsync(sessionId, backwards, timeout);
        await WriteAsync(Envelope(sessionId, "request", data));
        return await session;
    }

    /// <summary>Sends <paramref name="line"/> as it is (a malformed request) and collects what comes back on <paramref name="sessionId"/>.</summary>
    public async Task<SessionResult> RequestRawAsync(string sessionId, string line, TimeSpan? timeout = null)
    {
        var session = FollowAsync(sessionId, null, timeout);
        await WriteRawAsync(Encoding.UTF8.GetBytes(line + "\n"));
        return await session;
    }

    /// <summary>Collects what comes back on <paramref name="sessionId"/> until end; the caller sends the request.</summary>
    public async Task<SessionResult> FollowAsync(string sessionId, Func<JsonObject, IAsyncEnumerable<JsonObject>>? backwards = null, TimeSpan? timeout = null)
    {
        var channel = Channel.CreateUnbounded<JsonObject>();
        _sessions[sessionId] = channel;
        await Task.Yield();
        var result = new SessionResult(sessionId);
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var answering = new List<Task>();
        try
        {
            await foreach (var message in channel.Reader.ReadAllAsync(cancel.Token))
            {
                switch ((string?)message["type"])
                {
                    case "stream":
                        result.Stream.Add(message["data"]!.AsObject());
                        break;
                    case "error":
                        result.Errors.Add(message["data"]!.AsObject());
                        break;
                    case "invoke":
                        var invoke = message["data"]!.AsObject();
                        result.Invocations.Add(invoke);
                        answering.Add(AnswerAsync(sessionId, invoke, backwards));
                        break;
                    case "end":
                        result.Ended = true;
                        await Task.WhenAll(answering);
                        _sessions.TryRemove(sessionId, out _);
                        return result;
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // Timed out: the result says what arrived, and Ended stays false.
        }

        return result;
    }

    public static JsonObject InvokeTool(string provider, string tool, JsonObject parameters, JsonObject? credentials = null) => new()
    {
        ["user_id"] = "user-1",
        ["type"] = "tool",
        ["action"] = "invoke_tool",
        ["provider"] = provider,
        ["tool"] = tool,
        ["credentials"] = credentials ?? new JsonObject(),
        ["credential_type"] = "api-key",
        ["tool_parameters"] = parameters,
    };

    /// <summary>Streams chunks of an LLM answer as the daemon relays them (decimals as strings).</summary>
    public static async IAsyncEnumerable<JsonObject> LlmAnswer(params string[] pieces)
    {
        for (var i = 0; i < pieces.Length; i++)
        {
            await Task.Yield();
            var last = i == pieces.Length - 1;
            yield return new JsonObject
            {
                ["model"] = "gpt-4o-mini",
                ["system_fingerprint"] = null,
                ["prompt_messages"] = new JsonArray(),
                ["delta"] = new JsonObject
                {
                    ["index"] = i,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = pieces[i], ["name"] = "", ["tool_calls"] = new JsonArray(), ["tool_call_id"] = "" },
                    ["usage"] = last ? new JsonObject
                    {
                        ["prompt_tokens"] = 3, ["prompt_unit_price"] = "0.15", ["prompt_price_unit"] = "0.000001", ["prompt_price"] = "0.00000045",
                        ["completion_tokens"] = pieces.Length, ["completion_unit_price"] = "0.6", ["completion_price_unit"] = "0.000001", ["completion_price"] = "0.0000018",
                        ["total_tokens"] = 3 + pieces.Length, ["total_price"] = "0.00000225", ["currency"] = "USD", ["latency"] = 0.2,
                    } : null,
                    ["finish_reason"] = last ? "stop" : null,
                },
            };
        }
    }

    /// <summary>Sends a request without following its session (for example a second one with a session id in use).</summary>
    public Task SendRequestAsync(string sessionId, JsonObject data) => WriteAsync(Envelope(sessionId, "request", data));

    /// <summary>Writes raw bytes (malformed or over-long lines).</summary>
    public async Task WriteRawAsync(byte[] bytes)
    {
        await _writeLock.WaitAsync();
        try
        {
            await _output.WriteAsync(bytes);
            await _output.FlushAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Closes the connection from the daemon's side.</summary>
    public void Drop() => (_owner ?? _output).Dispose();

    private async Task AnswerAsync(string sessionId, JsonObject invoke, Func<JsonObject, IAsyncEnumerable<JsonObject>>? backwards)
    {
        var requestId = (string)invoke["backwards_request_id"]!;
        try
        {
            if (backwards is null)
            {
                throw new InvalidOperationException("no backwards handler");
            }

            await foreach (var data in backwards(invoke))
            {
                await BackwardsAsync(sessionId, requestId, "response", (string?)invoke["type"] is "llm" or "llm_structured_output" or "tts" ? "stream" : "struct", data);
            }
        }
        catch (Exception exception)
        {
            await BackwardsAsync(sessionId, requestId, "error", exception.Message, null);
        }

        await BackwardsAsync(sessionId, requestId, "end", "", null);
    }

    private Task BackwardsAsync(string sessionId, string requestId, string kind, string message, JsonObject? data) =>
        WriteAsync(Envelope(sessionId, "backwards_response", new JsonObject { ["backwards_request_id"] = requestId, ["event"] = kind, ["message"] = message, ["data"] = data }));

    /// <summary>The daemon's envelope for a line to the plugin (reference §4.4).</summary>
    private static JsonObject Envelope(string sessionId, string kind, JsonObject data) => new()
    {
        ["session_id"] = sessionId,
        ["conversation_id"] = null,
        ["message_id"] = null,
        ["app_id"] = null,
        ["endpoint_id"] = null,
        ["context"] = null,
        ["event"] = kind,
        ["data"] = data,
    };

    private async Task ReadLoopAsync()
    {
        try
        {
            while (await _reader.ReadLineAsync() is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                JsonObject message;
                try
                {
                    message = JsonNode.Parse(line)!.AsObject();
                }
                catch (JsonException)
                {
                    ProtocolViolations.Enqueue("not JSON (two messages glued on one line?): " + line[..Math.Min(120, line.Length)]);
                    continue;
                }

                switch ((string?)message["event"])
                {
                    case "heartbeat":
                        Interlocked.Increment(ref Heartbeats);
                        break;
                    case "log":
                        Logs.Enqueue(message);
                        break;
                    case "session":
                        var sessionId = (string?)message["session_id"];
                        var data = message["data"] as JsonObject;
                        if (sessionId is null || data is null || !data.ContainsKey("data"))
                        {
                            ProtocolViolations.Enqueue("session message without session_id or data: " + line);
                            break;
                        }

                        if (_sessions.TryGetValue(sessionId, out var channel))
                        {
                            await channel.Writer.WriteAsync(data);
                        }
                        else
                        {
                            ProtocolViolations.Enqueue("message for an unknown session: " + line[..Math.Min(120, line.Length)]);
                        }

                        break;
                    default:
                        ProtocolViolations.Enqueue("unknown event: " + line[..Math.Min(120, line.Length)]);
                        break;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException)
        {
        }

        foreach (var channel in _sessions.Values)
        {
            channel.Writer.TryComplete();
        }
    }

    public Task WaitClosedAsync() => _readLoop ?? Task.CompletedTask;

    private async Task WriteAsync(JsonObject message) => await WriteRawAsync(Encoding.UTF8.GetBytes(message.ToJsonString() + "\n"));

    private async Task<JsonObject?> ReadJsonLineAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            var line = await _reader.ReadLineAsync(cancel.Token);
            return line is null ? null : JsonNode.Parse(line)?.AsObject();
        }
        catch (Exception exception) when (exception is OperationCanceledException or JsonException or IOException)
        {
            return null;
        }
    }

    private IEnumerable<string> RequiredIcons()
    {
        foreach (var holder in Providers.Select(provider => provider["identity"]).Prepend(Manifest))
        {
            foreach (var key in new[] { "icon", "icon_dark" })
            {
                if ((string?)holder?[key] is { Length: > 0 } icon)
                {
                    yield return icon;
                }
            }
        }
    }

    private async Task RefuseAsync(string message)
    {
        RegistrationError = message;
        await WriteRawAsync(Encoding.UTF8.GetBytes(message + "\n"));
        Drop();
    }

    public async ValueTask DisposeAsync()
    {
        Drop();
        if (_readLoop is not null)
        {
            await _readLoop;
        }
    }
}

internal sealed class SessionResult(string sessionId)
{
    public string SessionId { get; } = sessionId;

    public List<JsonObject> Stream { get; } = [];

    public List<JsonObject> Errors { get; } = [];

    public List<JsonObject> Invocations { get; } = [];

    public bool Ended { get; set; }

    public string Text => string.Concat(Stream.Where(message => (string?)message["type"] == "text").Select(message => (string?)message["message"]?["text"]));
}
