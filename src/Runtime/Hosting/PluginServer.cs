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
internal sealed class PluginServer(LineConnection connection, PluginRegistration registration, PluginSettings settings, IPluginLog log, bool awaitsRegistrationAnswer, int maxQueuedFrames = HostSession.DefaultMaxQueuedFrames, IServiceProvider? services = null)
{
    private readonly ConcurrentDictionary<string, HostSession> _sessions = new(StringComparer.Ordinal);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(1);

    private readonly RequestHandlers _requests = new(registration, settings, services);
    private readonly BackwardsResponseRouter _router = new();

    // The requests running, each until its session has ended.
    private readonly ConcurrentDictionary<Task, bool> _running = new();

    // Set by RunAsync (once per server) for a graceful stop: its token, and what ends the read loop once nothing runs.
    private CancellationToken _stopping;
    private CancellationTokenSource? _drained;

    // Why the running requests were cut off, once RunAsync ends.
    private string? _stopReason;

    // Invocations with frames queued that their tools have not been woken for yet; only the read loop touches it.
    private readonly List<PendingInvocation> _unpublished = [];

    public string? RejectionMessage { get; private set; }

    /// <summary>Whether the daemon sent anything after registration (a working connection).</summary>
    public bool ReceivedAny { get; private set; }

    /// <summary>Serves the connection until it ends.</summary>
    /// <param name="cancellationToken">Stops at once: running requests are aborted.</param>
    /// <param name="stoppingToken">
    /// Stops gracefully: new requests are refused, and the server returns once the running ones have ended (their
    /// backwards invocations are still served meanwhile).
    /// </param>
    public async Task<ServerExit> RunAsync(CancellationToken cancellationToken, CancellationToken stoppingToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = HeartbeatAsync(stop.Token);

        // Cancelled once a graceful stop has nothing left to wait for: the read loop stops reading then.
        using var drained = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        _stopping = stoppingToken;
        _drained = drained;
        using var stoppingRegistration = stoppingToken.Register(StopIfDrained);
        try
        {
            while (true)
            {
                // The tools see their frames in batches: once the lines already read are acted on, before waiting for more.
                if (!connection.HasBufferedLine)
                {
                    PublishAll();
                }

                // One call per line, so that no state of a finished line (a huge one, say) stays referenced while the next is awaited.
                if (await ServeNextLineAsync(stop.Token, drained.Token, cancellationToken).ConfigureAwait(false) is { } exit)
                {
                    return exit;
                }
            }
        }
        finally
        {
            _stopReason = cancellationToken.IsCancellationRequested
                ? "The plugin was stopped while the request was running."
                : "The connection to Dify was lost while the request was running.";
            foreach (var session in _sessions.Values)
            {
                session.Abort(new DifyProtocolException(_stopReason));
            }

            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(_running.Keys.Append(heartbeat)).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    /// <summary>Reads one line and acts on it; the reason to stop, or null to go on.</summary>
    private async Task<ServerExit?> ServeNextLineAsync(CancellationToken stopping, CancellationToken reading, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> line;
        try
        {
            if (await connection.ReadLineBytesAsync(reading).ConfigureAwait(false) is not { } read)
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
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || reading.IsCancellationRequested)
        {
            return ServerExit.Stopped;
        }
        catch (IOException)
        {
            return ServerExit.Disconnected;
        }

        // The daemon's answers to backwards invocations (a model's stream, chunk by chunk) go straight from the bytes.
        if (_router.TryRoute(line.Span, _sessions, out var pending, out var frame) is not RouteOutcome.General and var routed)
        {
            return await QueueRoutedAsync(routed, pending, frame, stopping, cancellationToken).ConfigureAwait(false);
        }

        PublishAll();

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
            case "request" when sessionId is not null && data.ValueKind == JsonValueKind.Object && _stopping.IsCancellationRequested:
                await RefuseWhileStoppingAsync(sessionId).ConfigureAwait(false);
                break;
            case "request" when sessionId is not null && data.ValueKind == JsonValueKind.Object:
                var session = new HostSession(connection, sessionId, maxQueuedFrames);
                if (!_sessions.TryAdd(sessionId, session))
                {
                    await RejectDuplicateAsync(sessionId).ConfigureAwait(false);
                    break;
                }

                var task = Task.Run(() => RunSessionAsync(session, root, data, stopping), CancellationToken.None);
                _running[task] = true;
                _ = task.ContinueWith(
                    done =>
                    {
                        _running.TryRemove(done, out _);
                        StopIfDrained();
                    },
                    TaskScheduler.Default);
                break;
            case "backwards_response" when sessionId is not null && data.ValueKind == JsonValueKind.Object:
                if (_sessions.TryGetValue(sessionId, out var waiting))
                {
                    try
                    {
                        await waiting.DeliverAsync(data, stopping).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        return ServerExit.Stopped;
                    }
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

    /// <summary>Queues what <see cref="BackwardsResponseRouter"/> read for its invocation; waits while that queue is full.</summary>
    private async Task<ServerExit?> QueueRoutedAsync(RouteOutcome routed, PendingInvocation? pending, BackwardsResponseFrame? frame, CancellationToken stopping, CancellationToken cancellationToken)
    {
        if (routed == RouteOutcome.Dropped)
        {
            return null;
        }

        var hasRoom = frame is null ? pending!.TryCommit() : pending!.TryDeliver(frame);
        if (!_unpublished.Contains(pending))
        {
            _unpublished.Add(pending);
        }

        if (!hasRoom)
        {
            try
            {
                // Every tool sees what is queued for it before this loop waits: the one that must make room may be
                // waiting for another invocation's frames.
                PublishAll();
                await pending.WaitForRoomAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ServerExit.Stopped;
            }
        }

        return null;
    }

    /// <summary>Ends the read loop once a graceful stop has been asked for and no request runs.</summary>
    private void StopIfDrained()
    {
        if (_stopping.IsCancellationRequested && _running.IsEmpty)
        {
            try
            {
                _drained?.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The server has already returned.
            }
        }
    }

    private async Task RefuseWhileStoppingAsync(string sessionId)
    {
        log.Write("INFO", $"Session {LogText.Escape(sessionId)}: refused a request because the plugin is stopping.");
        const string message = "The plugin is stopping: it finishes the requests it is running and takes no new ones. Send the request again once the plugin has restarted.";
        await TryWriteAsync(PluginMessages.Error(sessionId, "PluginStoppingError", message, null)).ConfigureAwait(false);
        await TryWriteAsync(PluginMessages.End(sessionId)).ConfigureAwait(false);
    }

    private void PublishAll()
    {
        foreach (var pending in _unpublished)
        {
            pending.Publish();
        }

        _unpublished.Clear();
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
        deadline.CancelAfter(settings.MaxExecutionTimeout);
        var sessionId = session.SessionId;
        var type = Text(data, "type");
        var action = Text(data, "action");
        byte[]? error = null;
        try
        {
            log.Write("INFO", $"Session {LogText.Escape(sessionId)}: {LogText.Escape(type)}/{LogText.Escape(action)}");

            // Task.Run: a tool that blocks before its first await must not hold this method, which keeps the deadline.
            var work = Task.Run(() => _requests.HandleAsync(session, envelope, data, type, action, deadline.Token), CancellationToken.None);
            try
            {
                await work.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !work.IsCompleted)
            {
                // A tool that honours its token stops within moments; only one that does not is abandoned.
                if (await Task.WhenAny(work, Task.Delay(StopGrace, CancellationToken.None)).ConfigureAwait(false) != work)
                {
                    Abandon(sessionId, work, stopping.IsCancellationRequested ? "the plugin stopped" : $"PLUGIN_MAX_EXECUTION_TIMEOUT ({settings.MaxExecutionTimeout.TotalSeconds:0.###} s)");
                }

                throw;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            var timedOut = exception is OperationCanceledException && deadline.IsCancellationRequested;
            var failure = timedOut
                ? new TimeoutException($"The request ran longer than PLUGIN_MAX_EXECUTION_TIMEOUT ({settings.MaxExecutionTimeout.TotalSeconds:0.###} s), the daemon's limit.")
                : exception;
            log.Write("ERROR", $"Session {LogText.Escape(sessionId)} failed: {(timedOut ? failure.Message : FailureReport.ForLog(failure))}");
            error = failure is DifyInvocationException dify
                // The SDK raises Exception(event.message) for Dify's error frame (core/runtime.py:315-316), and
                // io_server.py:118-126 reports it as error_type "Exception" with Dify's text as the message.
                ? PluginMessages.Error(sessionId, "Exception", dify.DifyMessage, failure.StackTrace)
                : PluginMessages.Error(sessionId, failure.GetType().Name, failure.Message, failure.StackTrace);
        }
        catch (OperationCanceledException)
        {
            // The server stopped under the request (at once, or after a graceful stop's time ran out): the daemon hears
            // why, if it still listens, rather than an end that looks like success.
            var reason = _stopReason ?? "The plugin was stopped while the request was running.";
            log.Write("WARNING", $"Session {LogText.Escape(sessionId)}: {reason}");
            error = PluginMessages.Error(sessionId, "PluginStoppedError", reason, null);
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

    /// <summary>A tool that ignored its cancelled token: its session ends without it, and what it does later is only logged.</summary>
    private void Abandon(string sessionId, Task work, string cause)
    {
        log.Write("WARNING", $"Session {LogText.Escape(sessionId)}: the tool did not stop when {cause} cancelled its CancellationToken; the session was ended and the tool's task abandoned. Pass the token on to every call that waits.");
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

    private static string? Text(JsonElement element, string name) => RequestFields.Text(element, name);
}
