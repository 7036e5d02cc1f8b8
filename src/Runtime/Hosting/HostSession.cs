using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dify.Plugin.Invocation;

namespace Dify.Plugin.Hosting;

/// <summary>
/// One request's way back to Dify: its lines go out under its session id until it has ended (a tool abandoned after
/// its deadline can write nothing after <c>end</c>), and backwards invocations go out on it and come back by id.
/// Each invocation queues at most <paramref name="maxQueuedFrames"/> frames the tool has not read yet; beyond that the
/// connection's read loop waits (backpressure), so a burst from Dify cannot grow the heap without bound.
/// </summary>
internal sealed class HostSession(LineConnection connection, string sessionId, int maxQueuedFrames = HostSession.DefaultMaxQueuedFrames)
    : IBackwardsInvocationTransport, IDecodingBackwardsTransport
{
    /// <summary>
    /// Frames an invocation may have waiting: far more than a tool that reads its stream falls behind, and few enough that
    /// a burst of any length holds the same heap (with 256 a long burst peaked 0.9 to 1.5 MB above a short one, with 4096
    /// 6 to 10 MB; with 64 the read loop waited for room three times as often; docs/performance.md).
    /// </summary>
    public const int DefaultMaxQueuedFrames = 128;

    private readonly ConcurrentDictionary<string, PendingInvocation> _pending = new(StringComparer.Ordinal);

    // Not disposed: a tool abandoned after its deadline may still be waiting on it.
    private readonly SemaphoreSlim _writing = new(1, 1);
    private Exception? _aborted;
    private RememberedId? _lastPending;
    private bool _ended;

    public string SessionId { get; } = sessionId;

    /// <summary>
    /// Writes one line of this session, and returns its buffer to the pool. With <paramref name="flush"/> false the line
    /// may be held back until the next flushing write or <see cref="FlushAsync"/> (<see cref="LineConnection.WriteLineAsync(in OutgoingLine, bool, CancellationToken)"/>).
    /// </summary>
    /// <exception cref="OperationCanceledException">The session has ended.</exception>
    public async ValueTask WriteAsync(OutgoingLine line, CancellationToken cancellationToken, bool flush = true)
    {
        using (line)
        {
            await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_ended)
                {
                    throw new OperationCanceledException($"Session {SessionId} has ended; nothing more can be sent on it.");
                }

                await connection.WriteLineAsync(line, flush, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _writing.Release();
            }
        }
    }

    /// <summary>Writes the lines held back by writes without a flush.</summary>
    public ValueTask FlushAsync(CancellationToken cancellationToken) => connection.FlushAsync(cancellationToken);

    /// <summary>Writes the session's last lines, <paramref name="error"/> (if any) and <c>end</c>; later writes are refused.</summary>
    public async Task EndAsync(byte[]? error)
    {
        await _writing.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            if (error is not null)
            {
                await connection.WriteLineAsync(error, CancellationToken.None).ConfigureAwait(false);
            }

            await connection.WriteLineAsync(PluginMessages.End(SessionId), CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _writing.Release();
        }
    }

    public async IAsyncEnumerable<BackwardsResponseFrame> InvokeAsync(BackwardsInvocationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Frames only: the read loop leaves payloads as JSON for whoever reads them.
        await foreach (var frame in InvokeCoreAsync<JsonElement>(request, null, cancellationToken).ConfigureAwait(false))
        {
            yield return frame.Frame!;
        }
    }

    public IAsyncEnumerable<DecodedFrame<TResponse>> InvokeAsync<TResponse>(BackwardsInvocationRequest request, JsonTypeInfo<TResponse> responseInfo, CancellationToken cancellationToken) =>
        InvokeCoreAsync(request, responseInfo, cancellationToken);

    private async IAsyncEnumerable<DecodedFrame<TResponse>> InvokeCoreAsync<TResponse>(BackwardsInvocationRequest request, JsonTypeInfo<TResponse>? responseInfo, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pending = new PendingInvocation<TResponse>(maxQueuedFrames, responseInfo);
        _pending[request.BackwardsRequestId] = pending;
        try
        {
            if (_aborted is { } aborted)
            {
                throw aborted;
            }

            await WriteAsync(PluginMessages.Invoke(SessionId, request), cancellationToken).ConfigureAwait(false);
            await foreach (var queued in pending.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var frame = pending.Decode(queued);
                yield return frame;
                if (frame.Frame?.Event == BackwardsResponseEvent.End)
                {
                    yield break;
                }
            }
        }
        finally
        {
            _pending.TryRemove(request.BackwardsRequestId, out _);

            // A read loop waiting for room in a stream the tool stopped reading goes on.
            pending.Complete();
        }
    }

    /// <summary>
    /// The invocation the string token at <paramref name="reader"/> names as its <c>backwards_request_id</c>; null when
    /// none is waiting. The last id found is remembered as UTF-8, so a stream's chunks are matched without a string each.
    /// </summary>
    public PendingInvocation? FindPending(ref Utf8JsonReader reader) => RememberedId.Find(ref reader, _pending, ref _lastPending);

    /// <summary>The <c>backwards_request_id</c> that <see cref="FindPending"/> last found.</summary>
    public string? LastFoundPendingId => _lastPending?.Id;

    /// <summary>Whether <paramref name="pending"/> still waits for answers to <paramref name="backwardsRequestId"/>.</summary>
    public bool IsWaiting(string backwardsRequestId, PendingInvocation pending) =>
        _pending.TryGetValue(backwardsRequestId, out var current) && ReferenceEquals(current, pending);

    /// <summary>
    /// Hands a <c>backwards_response</c>'s data to the invocation waiting for it; waits while that invocation has
    /// <c>maxQueuedFrames</c> unread, until the tool has read half of them, stops reading or its session ends.
    /// </summary>
    public ValueTask DeliverAsync(JsonElement data, CancellationToken cancellationToken)
    {
        var id = RequestFields.Text(data, "backwards_request_id");
        if (id is null || !_pending.TryGetValue(id, out var pending))
        {
            return ValueTask.CompletedTask;
        }

        var frame = RequestFields.Text(data, "event") switch
        {
            "response" => new BackwardsResponseFrame(BackwardsResponseEvent.Response, RequestFields.Text(data, "message") ?? "", data.TryGetProperty("data", out var payload) ? payload : null),
            "error" => BackwardsResponseFrame.Error(RequestFields.Text(data, "message") ?? "unknown error"),
            "end" => BackwardsResponseFrame.End,
            var other => BackwardsResponseFrame.Error($"unknown backwards response event '{other}'"),
        };
        return pending.DeliverAsync(frame, cancellationToken);
    }

    /// <summary>Fails every invocation waiting for an answer, and any started later.</summary>
    public void Abort(Exception reason)
    {
        _aborted = reason;
        foreach (var pending in _pending.Values)
        {
            pending.Complete(reason);
        }
    }
}
