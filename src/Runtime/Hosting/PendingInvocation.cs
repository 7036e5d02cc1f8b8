using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dify.Plugin.Invocation;

namespace Dify.Plugin.Hosting;

/// <summary>
/// A backwards invocation waiting for the daemon's frames: a bounded queue between the connection's read loop (one
/// writer) and the tool (one reader). A response payload is deserialized by the read loop straight from the line's
/// bytes (<see cref="Stage"/>, then <see cref="TryCommit"/> once the whole line has proved valid); anything unusual
/// arrives as a <see cref="BackwardsResponseFrame"/> and is read by the tool exactly as any transport's frame.
/// </summary>
internal abstract class PendingInvocation
{
    /// <summary>
    /// Deserializes the payload at the reader's current token; false (nothing staged) when it is JSON null or this
    /// invocation takes frames only.
    /// </summary>
    /// <exception cref="JsonException">The payload does not fit the response type; the line then goes the general way.</exception>
    public abstract bool Stage(ref Utf8JsonReader reader);

    /// <summary>Forgets a staged payload of a line that turned out not to be read this way.</summary>
    public abstract void Unstage();

    /// <summary>Queues the staged payload, unseen by the tool until <see cref="Publish"/>; false when the queue is now full.</summary>
    public abstract bool TryCommit();

    /// <summary>Queues a frame as the general path reads it, unseen until <see cref="Publish"/>; false when the queue is now full.</summary>
    public abstract bool TryDeliver(BackwardsResponseFrame frame);

    /// <summary>Lets the tool see the frames queued so far.</summary>
    public abstract void Publish();

    /// <summary>Waits until the tool has read the full queue down to half, stopped reading, or its session ended.</summary>
    public abstract ValueTask WaitForRoomAsync(CancellationToken cancellationToken);

    /// <summary>Ends the queue: the tool stopped reading, or the session failed with <paramref name="reason"/>.</summary>
    public abstract void Complete(Exception? reason = null);

    /// <summary>Queues a frame and lets the tool see it at once; waits while the queue is full.</summary>
    public async ValueTask DeliverAsync(BackwardsResponseFrame frame, CancellationToken cancellationToken)
    {
        var hasRoom = TryDeliver(frame);
        Publish();
        if (!hasRoom)
        {
            await WaitForRoomAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <inheritdoc cref="PendingInvocation"/>
/// <param name="capacity">Frames the tool may leave unread before the read loop waits.</param>
/// <param name="responseInfo">How to read a payload; null to take every frame as <see cref="BackwardsResponseFrame"/>.</param>
internal sealed class PendingInvocation<TResponse>(int capacity, JsonTypeInfo<TResponse>? responseInfo) : PendingInvocation
{
    private readonly FrameQueue<DecodedFrame<TResponse>> _queue = new(capacity);

    // Only the read loop touches the staged value, between Stage and Commit of one line.
    private TResponse? _staged;

    /// <summary>The frames for the tool, in order.</summary>
    public IAsyncEnumerable<DecodedFrame<TResponse>> ReadAllAsync(CancellationToken cancellationToken) => _queue.ReadAllAsync(cancellationToken);

    public override bool Stage(ref Utf8JsonReader reader)
    {
        if (responseInfo is null)
        {
            return false;
        }

        _staged = JsonSerializer.Deserialize(ref reader, responseInfo);
        return _staged is not null;
    }

    public override void Unstage() => _staged = default;

    public override bool TryCommit()
    {
        var frame = new DecodedFrame<TResponse>(null, _staged);
        _staged = default;
        return _queue.TryAdd(frame);
    }

    public override bool TryDeliver(BackwardsResponseFrame frame) => _queue.TryAdd(DecodedFrame<TResponse>.Of(frame));

    public override void Publish() => _queue.Publish();

    public override ValueTask WaitForRoomAsync(CancellationToken cancellationToken) => _queue.WaitForRoomAsync(cancellationToken);

    public override void Complete(Exception? reason = null) => _queue.Complete(reason);
}
