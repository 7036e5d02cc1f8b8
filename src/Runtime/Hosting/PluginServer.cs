using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Dify.Plugin.Invocation;

namespace Dify.Plugin.Hosting;

/// <summary>Why a connection ended.</summary>
internal enum ServerExit
{
    /// <summary>The daemon closed the connection.</summary>
    Disconnected,

    /// <summary>The daemon answered registration with a plain-text line (for example an invalid key).</summary>
    Rejected,

    /// <summary>The host was stopped.</summary>
    Stopped,
}

/// <summary>
/// The plugin side of Dify's protocol once registered: heartbeats, requests dispatched to tools concurrently (one
/// session each), backwards invocations matched by <c>backwards_request_id</c>, and <c>end</c> after every session.
/// </summary>
internal sealed class PluginServer(LineConnection connection, PluginRegistration registration, PluginSettings settings, IPluginLog log)
{
    private readonly ConcurrentDictionary<string, HostSession> _sessions = new(StringComparer.Ordinal);

    public string? RejectionMessage { get; private set; }

    /// <summary>Whether the daemon sent anything after registration (a working connection).</summary>
    public bool ReceivedAny { get; private set; }

    public async Task<ServerExit> RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = HeartbeatAsync(stop.Token);
        var running = new ConcurrentDictionary<Task, bool>();
        var receivedMessage = false;
        try
        {
            while (true)
            {
                string? line;
                try
                {
                    line = await connection.ReadLineAsync(stop.Token).ConfigureAwait(false);
                }
                catch (OverlongLineException exception)
                {
                    log.Write("WARNING", exception.Message);
                    continue;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return ServerExit.Stopped;
                }
                catch (IOException)
                {
                    return ServerExit.Disconnected;
                }

                if (line is null)
                {
                    return ServerExit.Disconnected;
                }

                JsonDocument document;
                try
                {
                    document = JsonDocument.Parse(line);
                }
                catch (JsonException)
                {
                    if (!receivedMessage)
                    {
                        // The daemon rejects a registration with plain text and closes: that is final.
                        RejectionMessage = line;
                        return ServerExit.Rejected;
                    }

                    log.Write("WARNING", $"Skipped a line from the daemon that is not JSON: {Shorten(line)}");
                    continue;
                }

                receivedMessage = true;
                ReceivedAny = true;
                using (document)
                {
                    var root = document.RootElement;
                    var kind = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("event", out var e) ? e.GetString() : null;
                    var sessionId = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("session_id", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                    switch (kind)
                    {
                        case "request" when sessionId is not null && root.TryGetProperty("data", out var data):
                            // Clone before handing off: the document is disposed when this iteration ends.
                            var envelope = root.Clone();
                            var request = data.Clone();
                            var task = Task.Run(() => RunSessionAsync(sessionId, envelope, request, stop.Token), CancellationToken.None);
                            running[task] = true;
                            _ = task.ContinueWith(done => running.TryRemove(done, out _), TaskScheduler.Default);
                            break;
                        case "backwards_response" when sessionId is not null && root.TryGetProperty("data", out var response):
                            if (_sessions.TryGetValue(sessionId, out var session))
                            {
                                session.Deliver(response);
                            }
                            else
                            {
                                log.Write("WARNING", $"A backwards response arrived for session {sessionId}, which has ended.");
                            }

                            break;
                        default:
                            log.Write("WARNING", $"Skipped a message the plugin does not handle: {Shorten(line)}");
                            break;
                    }
                }
            }
        }
        finally
        {
            foreach (var session in _sessions.Values)
            {
                session.Abort(new DifyProtocolException("The connection to Dify was lost while the invocation was running."));
            }

            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(running.Keys.Append(heartbeat)).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        var message = PluginMessages.Heartbeat();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await connection.WriteLineAsync(message, cancellationToken).ConfigureAwait(false);
                await Task.Delay(settings.HeartbeatInterval, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException exception)
        {
            log.Write("WARNING", $"Heartbeat failed: {exception.Message}");
        }
    }

    private async Task RunSessionAsync(string sessionId, JsonElement envelope, JsonElement data, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.MaxRequestTimeout);
        var session = new HostSession(this, sessionId);
        _sessions[sessionId] = session;
        var type = Text(data, "type");
        var action = Text(data, "action");
        try
        {
            log.Write("INFO", $"Session {sessionId}: {type}/{action} {Text(data, "provider")}/{Text(data, "tool") ?? Text(data, "provider_action")}");
            switch ((type, action))
            {
                case ("tool", "invoke_tool"):
                    await InvokeToolAsync(session, envelope, data, timeout.Token).ConfigureAwait(false);
                    break;
                case ("tool", "validate_tool_credentials"):
                    await ValidateCredentialsAsync(session, data, timeout.Token).ConfigureAwait(false);
                    break;
                case ("dynamic_parameter", "fetch_parameter_options"):
                    await FetchOptionsAsync(session, data, timeout.Token).ConfigureAwait(false);
                    break;
                default:
                    throw new NotSupportedException($"This plugin does not handle '{type}/{action}' requests.");
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var failure = exception is OperationCanceledException ? new TimeoutException($"The request ran longer than MAX_REQUEST_TIMEOUT ({settings.MaxRequestTimeout.TotalSeconds:0} s).") : exception;
            log.Write("ERROR", $"Session {sessionId} failed: {failure.GetType().Name}: {failure.Message}");
            await TryWriteAsync(PluginMessages.Error(sessionId, failure.GetType().Name, failure.Message, failure.StackTrace)).ConfigureAwait(false);
        }
        finally
        {
            await TryWriteAsync(PluginMessages.End(sessionId)).ConfigureAwait(false);
            _sessions.TryRemove(sessionId, out _);
            session.Abort(new DifyProtocolException("The session has ended."));
        }
    }

    private async Task InvokeToolAsync(HostSession hostSession, JsonElement envelope, JsonElement data, CancellationToken cancellationToken)
    {
        var provider = registration.FindProvider(Text(data, "provider"))
            ?? throw new InvalidOperationException($"This plugin has no tool provider '{Text(data, "provider")}'.");
        var toolName = Text(data, "tool");
        var tool = provider.FindTool(toolName) ?? throw new InvalidOperationException($"Provider '{provider.Name}' has no tool '{toolName}'.");
        var instance = tool.Create?.Invoke()
            ?? throw new InvalidOperationException($"Tool '{tool.Name}' has no class; add [DifyTool(\"{tool.Name}\")] to a partial class.");
        var session = new Session(hostSession, new SessionOptions { InvocationTimeout = settings.MaxInvocationTimeout })
        {
            SessionId = hostSession.SessionId,
            UserId = Text(data, "user_id"),
            ConversationId = Text(envelope, "conversation_id"),
            MessageId = Text(envelope, "message_id"),
            AppId = Text(envelope, "app_id"),
            EndpointId = Text(envelope, "endpoint_id"),
        };
        var runtime = new ToolRuntime
        {
            Credentials = data.TryGetProperty("credentials", out var credentials) ? ToolCredentials.FromJson(credentials) : ToolCredentials.Empty,
            CredentialType = Text(data, "credential_type") switch { "oauth2" => CredentialType.OAuth2, "unauthorized" => CredentialType.Unauthorized, _ => CredentialType.ApiKey },
            UserId = session.UserId,
            SessionId = hostSession.SessionId,
        };
        var parameters = new ToolParameters(data.TryGetProperty("tool_parameters", out var raw) ? raw : default);
        await foreach (var message in instance.RunAsync(new ToolInvocationContext(session, runtime), parameters, cancellationToken).ConfigureAwait(false))
        {
            await WriteToolMessageAsync(hostSession.SessionId, message, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteToolMessageAsync(string sessionId, ToolInvokeMessage message, CancellationToken cancellationToken)
    {
        if (message.Type == ToolInvokeMessageType.Blob)
        {
            if (message.Blob.Length > PluginMessages.MaxBlobBytes)
            {
                throw new InvalidOperationException($"A blob of {message.Blob.Length} bytes is over Dify's 30 MiB limit for files.");
            }

            foreach (var chunk in PluginMessages.BlobChunks(message))
            {
                await connection.WriteLineAsync(PluginMessages.Stream(sessionId, chunk), cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var line = PluginMessages.Stream(sessionId, message.WriteTo);
        if (line.Length + 1 > LineConnection.MaxOutgoingLineBytes)
        {
            throw new InvalidOperationException(
                $"A '{message.TypeName}' message of {line.Length} bytes is over Dify's 5 MiB line limit; send large content as a blob (CreateBlobMessage).");
        }

        await connection.WriteLineAsync(line, cancellationToken).ConfigureAwait(false);
    }

    private async Task ValidateCredentialsAsync(HostSession session, JsonElement data, CancellationToken cancellationToken)
    {
        var provider = registration.FindProvider(Text(data, "provider"))
            ?? throw new InvalidOperationException($"This plugin has no tool provider '{Text(data, "provider")}'.");
        var validator = provider.CreateValidator?.Invoke()
            ?? throw new NotSupportedException($"Provider '{provider.Name}' does not validate credentials; add a [DifyToolProvider(\"{provider.Name}\")] class deriving from ToolProvider.");
        var credentials = data.TryGetProperty("credentials", out var raw) ? ToolCredentials.FromJson(raw) : ToolCredentials.Empty;
        await validator.ValidateCredentialsAsync(credentials, cancellationToken).ConfigureAwait(false);
        await connection.WriteLineAsync(PluginMessages.Stream(session.SessionId, writer =>
        {
            writer.WriteStartObject();
            writer.WriteBoolean("result", true);
            writer.WriteEndObject();
        }), cancellationToken).ConfigureAwait(false);
    }

    private async Task FetchOptionsAsync(HostSession session, JsonElement data, CancellationToken cancellationToken)
    {
        var provider = registration.FindProvider(Text(data, "provider"))
            ?? throw new InvalidOperationException($"This plugin has no tool provider '{Text(data, "provider")}'.");
        var toolName = Text(data, "provider_action");
        var tool = provider.FindTool(toolName)?.Create?.Invoke() ?? throw new InvalidOperationException($"Provider '{provider.Name}' has no tool '{toolName}'.");
        if (tool is not IParameterOptionsSource source)
        {
            throw new NotSupportedException($"Tool '{toolName}' does not implement IParameterOptionsSource, so it cannot list options.");
        }

        var runtime = new ToolRuntime
        {
            Credentials = data.TryGetProperty("credentials", out var raw) ? ToolCredentials.FromJson(raw) : ToolCredentials.Empty,
            UserId = Text(data, "user_id"),
            SessionId = session.SessionId,
        };
        var options = await source.FetchParameterOptionsAsync(Text(data, "parameter") ?? "", runtime, cancellationToken).ConfigureAwait(false);
        await connection.WriteLineAsync(PluginMessages.Stream(session.SessionId, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("options");
            foreach (var option in options)
            {
                writer.WriteStartObject();
                writer.WriteString("value", option.Value);
                writer.WriteStartObject("label");
                writer.WriteString("en_US", option.Label.EnUs);
                WriteOptional(writer, "zh_Hans", option.Label.ZhHans);
                WriteOptional(writer, "ja_JP", option.Label.JaJp);
                WriteOptional(writer, "pt_BR", option.Label.PtBr);
                writer.WriteEndObject();
                WriteOptional(writer, "icon", option.Icon);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }), cancellationToken).ConfigureAwait(false);
    }

    internal ValueTask WriteAsync(byte[] line, CancellationToken cancellationToken) => connection.WriteLineAsync(line, cancellationToken);

    private async Task TryWriteAsync(byte[] line)
    {
        try
        {
            await connection.WriteLineAsync(line, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException)
        {
            log.Write("WARNING", $"Could not write to the daemon: {exception.Message}");
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Shorten(string line) => line.Length > 200 ? line[..200] + "…" : line;

    /// <summary>One request's way back to Dify: backwards invocations go out on its session and come back by id.</summary>
    private sealed class HostSession(PluginServer server, string sessionId) : IBackwardsInvocationTransport
    {
        private readonly ConcurrentDictionary<string, Channel<BackwardsResponseFrame>> _pending = new(StringComparer.Ordinal);
        private Exception? _aborted;

        public string SessionId { get; } = sessionId;

        public async IAsyncEnumerable<BackwardsResponseFrame> InvokeAsync(BackwardsInvocationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var channel = Channel.CreateUnbounded<BackwardsResponseFrame>(new UnboundedChannelOptions { SingleReader = true });
            _pending[request.BackwardsRequestId] = channel;
            try
            {
                if (_aborted is { } aborted)
                {
                    throw aborted;
                }

                await server.WriteAsync(PluginMessages.Invoke(SessionId, request), cancellationToken).ConfigureAwait(false);
                await foreach (var frame in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield return frame;
                    if (frame.Event == BackwardsResponseEvent.End)
                    {
                        yield break;
                    }
                }
            }
            finally
            {
                _pending.TryRemove(request.BackwardsRequestId, out _);
            }
        }

        public void Deliver(JsonElement data)
        {
            var id = Text(data, "backwards_request_id");
            if (id is null || !_pending.TryGetValue(id, out var channel))
            {
                return;
            }

            var frame = Text(data, "event") switch
            {
                "response" => new BackwardsResponseFrame(BackwardsResponseEvent.Response, Text(data, "message") ?? "", data.TryGetProperty("data", out var payload) ? payload.Clone() : null),
                "error" => BackwardsResponseFrame.Error(Text(data, "message") ?? "unknown error"),
                "end" => BackwardsResponseFrame.End,
                var other => BackwardsResponseFrame.Error($"unknown backwards response event '{other}'"),
            };
            channel.Writer.TryWrite(frame);
        }

        public void Abort(Exception reason)
        {
            _aborted = reason;
            foreach (var channel in _pending.Values)
            {
                channel.Writer.TryComplete(reason);
            }
        }
    }
}
