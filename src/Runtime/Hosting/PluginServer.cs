using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
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
internal sealed class PluginServer(LineConnection connection, PluginRegistration registration, PluginSettings settings, IPluginLog log, bool awaitsRegistrationAnswer)
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
        try
        {
            while (true)
            {
                // One call per line, so that no state of a finished line (a huge one, say) stays referenced while the next is awaited.
                if (await ServeNextLineAsync(running, stop.Token, cancellationToken).ConfigureAwait(false) is { } exit)
                {
                    return exit;
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

    /// <summary>Reads one line and acts on it; the reason to stop, or null to go on.</summary>
    private async Task<ServerExit?> ServeNextLineAsync(ConcurrentDictionary<Task, bool> running, CancellationToken stopping, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> line;
        try
        {
            if (await connection.ReadLineBytesAsync(stopping).ConfigureAwait(false) is not { } read)
            {
                return ServerExit.Disconnected;
            }

            line = read;
        }
        catch (OverlongLineException exception)
        {
            log.Write("WARNING", exception.Message);
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ServerExit.Stopped;
        }
        catch (IOException)
        {
            return ServerExit.Disconnected;
        }

        if (!DaemonLine.TryParse(line.Span, out var root))
        {
            if (awaitsRegistrationAnswer && !ReceivedAny)
            {
                // The daemon rejects a registration with plain text and closes: that is final.
                RejectionMessage = Encoding.UTF8.GetString(line.Span);
                return ServerExit.Rejected;
            }

            await AnswerUnreadableAsync(LineShape.Of(line.Span)).ConfigureAwait(false);
            return null;
        }

        ReceivedAny = true;
        var kind = Text(root, "event");
        var sessionId = Text(root, "session_id");
        var data = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var value) ? value : default;
        switch (kind)
        {
            case "request" when sessionId is not null && data.ValueKind == JsonValueKind.Object:
                var session = new HostSession(connection, sessionId);
                if (!_sessions.TryAdd(sessionId, session))
                {
                    await RejectDuplicateAsync(sessionId).ConfigureAwait(false);
                    break;
                }

                var task = Task.Run(() => RunSessionAsync(session, root, data, stopping), CancellationToken.None);
                running[task] = true;
                _ = task.ContinueWith(done => running.TryRemove(done, out _), TaskScheduler.Default);
                break;
            case "backwards_response" when sessionId is not null && data.ValueKind == JsonValueKind.Object:
                if (_sessions.TryGetValue(sessionId, out var waiting))
                {
                    waiting.Deliver(data);
                }
                else
                {
                    log.Write("WARNING", $"A backwards response arrived for session {LogText.Escape(sessionId)}, which has ended.");
                }

                break;
            default:
                await AnswerUnreadableAsync(LineShape.Of(line.Span)).ConfigureAwait(false);
                break;
        }

        return null;
    }

    /// <summary>
    /// A line the host cannot act on. A request with a session id still gets <c>error</c> and <c>end</c>, so the daemon
    /// does not wait for it; anything else is logged once, by its shape.
    /// </summary>
    private async Task AnswerUnreadableAsync(LineShape shape)
    {
        if (shape.Event == "request" && shape.SessionId is { } sessionId)
        {
            var problem = shape.Depth > DaemonLine.MaxDepth ? $"it is nested {shape.Depth} levels deep, over the limit of {DaemonLine.MaxDepth}"
                : !shape.IsValidJson ? "it is not valid JSON"
                : "it has no 'data' object saying what to do";
            log.Write("WARNING", $"Session {LogText.Escape(sessionId)}: refused a request that cannot be read: {problem} ({shape.Describe()}).");
            if (_sessions.ContainsKey(sessionId))
            {
                await RejectDuplicateAsync(sessionId).ConfigureAwait(false);
                return;
            }

            var message = $"The plugin could not read this request: {problem}. Dify's daemon sends each request as one JSON object with a 'data' object; check what sits between the daemon and the plugin.";
            await TryWriteAsync(PluginMessages.Error(sessionId, "MalformedRequestError", message, null)).ConfigureAwait(false);
            await TryWriteAsync(PluginMessages.End(sessionId)).ConfigureAwait(false);
            return;
        }

        log.Write("WARNING", shape.IsValidJson && shape.Depth <= DaemonLine.MaxDepth
            ? $"Skipped a message the plugin does not handle: {shape.Describe()}."
            : $"Skipped a line from the daemon that is not JSON the plugin can read: {shape.Describe()}. Each line must be one JSON object of at most {DaemonLine.MaxDepth} levels.");
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

    private async Task RunSessionAsync(HostSession session, JsonElement envelope, JsonElement data, CancellationToken stopping)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(settings.MaxRequestTimeout);
        var sessionId = session.SessionId;
        var type = Text(data, "type");
        var action = Text(data, "action");
        byte[]? error = null;
        try
        {
            log.Write("INFO", $"Session {LogText.Escape(sessionId)}: {LogText.Escape(type)}/{LogText.Escape(action)}");

            // Task.Run: a tool that blocks before its first await must not hold this method, which keeps the deadline.
            var work = Task.Run(() => HandleAsync(session, envelope, data, type, action, deadline.Token), CancellationToken.None);
            try
            {
                await work.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !work.IsCompleted)
            {
                Abandon(sessionId, work);
                throw;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            var timedOut = exception is OperationCanceledException && deadline.IsCancellationRequested;
            var failure = timedOut
                ? new TimeoutException($"The request ran longer than MAX_REQUEST_TIMEOUT ({settings.MaxRequestTimeout.TotalSeconds:0.###} s).")
                : exception;
            log.Write("ERROR", $"Session {LogText.Escape(sessionId)} failed: {(timedOut ? failure.Message : FailureReport.ForLog(failure))}");
            error = PluginMessages.Error(sessionId, failure.GetType().Name, failure.Message, failure.StackTrace);
        }
        finally
        {
            try
            {
                await session.EndAsync(error).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException)
            {
                log.Write("WARNING", $"Could not write to the daemon: {exception.Message}");
            }

            _sessions.TryRemove(new KeyValuePair<string, HostSession>(sessionId, session));
            session.Abort(new DifyProtocolException("The session has ended."));
        }
    }

    private Task HandleAsync(HostSession session, JsonElement envelope, JsonElement data, string? type, string? action, CancellationToken cancellationToken) =>
        (type, action) switch
        {
            ("tool", "invoke_tool") => InvokeToolAsync(session, envelope, data, cancellationToken),
            ("tool", "validate_tool_credentials") => ValidateCredentialsAsync(session, data, cancellationToken),
            ("dynamic_parameter", "fetch_parameter_options") => FetchOptionsAsync(session, data, cancellationToken),
            _ => throw new NotSupportedException($"This plugin does not handle '{type}/{action}' requests."),
        };

    /// <summary>A tool that ignored its cancelled token: its session ends without it, and what it does later is only logged.</summary>
    private void Abandon(string sessionId, Task work)
    {
        log.Write("WARNING", $"Session {LogText.Escape(sessionId)}: the tool did not stop when MAX_REQUEST_TIMEOUT ({settings.MaxRequestTimeout.TotalSeconds:0.###} s) cancelled its CancellationToken; the session was ended and the tool's task abandoned. Pass the token on to every call that waits.");
        _ = work.ContinueWith(
            done => log.Write("WARNING", $"Session {LogText.Escape(sessionId)}: the abandoned tool finished at last ({(done.IsFaulted ? done.Exception!.InnerException!.GetType().Name : done.Status.ToString())})."),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task RejectDuplicateAsync(string sessionId)
    {
        const string message = "A request arrived with the session id of a request that is still running; the plugin refused it and the running request goes on. Each request needs its own session id.";
        log.Write("WARNING", $"Session {LogText.Escape(sessionId)}: refused a second request with the id of a running session.");

        // No end: the daemon closes a session's stream at its end (internal/core/io_tunnel/generic.go:131), and this id
        // belongs to the running session.
        await TryWriteAsync(PluginMessages.Error(sessionId, "DuplicateSessionError", message, null)).ConfigureAwait(false);
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
        try
        {
            await foreach (var message in instance.RunAsync(new ToolInvocationContext(session, runtime), parameters, cancellationToken).ConfigureAwait(false))
            {
                await WriteToolMessageAsync(hostSession, message, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ToolParametersException exception)
        {
            var withoutSecrets = FailureReport.WithoutSecretValues(exception, tool.Descriptor);
            if (!ReferenceEquals(withoutSecrets, exception))
            {
                throw withoutSecrets;
            }

            throw;
        }
    }

    private static async Task WriteToolMessageAsync(HostSession session, ToolInvokeMessage message, CancellationToken cancellationToken)
    {
        if (message.Type == ToolInvokeMessageType.Blob)
        {
            if (message.Blob.Length > PluginMessages.MaxBlobBytes)
            {
                throw new InvalidOperationException($"A blob of {message.Blob.Length} bytes is over Dify's 30 MiB limit for files.");
            }

            foreach (var chunk in PluginMessages.BlobChunks(message))
            {
                await session.WriteAsync(PluginMessages.Stream(session.SessionId, chunk), cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var line = PluginMessages.Stream(session.SessionId, message.WriteTo);
        if (line.Length + 1 > LineConnection.MaxOutgoingLineBytes)
        {
            throw new InvalidOperationException(
                $"A '{message.TypeName}' message of {line.Length} bytes is over Dify's 5 MiB line limit; send large content as a blob (CreateBlobMessage).");
        }

        await session.WriteAsync(line, cancellationToken).ConfigureAwait(false);
    }

    private async Task ValidateCredentialsAsync(HostSession session, JsonElement data, CancellationToken cancellationToken)
    {
        var provider = registration.FindProvider(Text(data, "provider"))
            ?? throw new InvalidOperationException($"This plugin has no tool provider '{Text(data, "provider")}'.");
        var validator = provider.CreateValidator?.Invoke()
            ?? throw new NotSupportedException($"Provider '{provider.Name}' does not validate credentials; add a [DifyToolProvider(\"{provider.Name}\")] class deriving from ToolProvider.");
        var credentials = data.TryGetProperty("credentials", out var raw) ? ToolCredentials.FromJson(raw) : ToolCredentials.Empty;
        await validator.ValidateCredentialsAsync(credentials, cancellationToken).ConfigureAwait(false);
        await session.WriteAsync(PluginMessages.Stream(session.SessionId, writer =>
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
        await session.WriteAsync(PluginMessages.Stream(session.SessionId, writer =>
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

    private static string? Text(JsonElement element, string name) => RequestFields.Text(element, name);

    private static string Shorten(string line) => line.Length > 200 ? line[..200] + "…" : line;
}
