using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using Dify.Plugin.Invocation;

namespace Dify.Plugin.Hosting;

/// <summary>
/// A backwards invocation waiting for the daemon's frames: a bounded queue between the connection's read loop (one
/// writer) and the tool (one reader). A response payload is deserialized by the read loop straight from the line's
/// bytes (<see cref="Stage"/>, then <see cref="CommitAsync"/> once the whole line has proved valid); anything unusual
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

    /// <summary>Queues the staged payload; waits while the queue is full.</summary>
    public abstract ValueTask CommitAsync(CancellationToken cancellationToken);

    /// <summary>Queues a frame as the general path reads it; waits while the queue is full.</summary>
    public abstract ValueTask DeliverAsync(BackwardsResponseFrame frame, CancellationToken cancellationToken);

    /// <summary>Ends the queue: the tool stopped reading, or the session failed with <paramref name="reason"/>.</summary>
    public abstract void Complete(Exception? reason = null);
}

/// <inheritdoc cref="PendingInvocation"/>
/// <param name="capacity">Frames the tool may leave unread before the read loop waits.</param>
/// <param name="responseInfo">How to read a payload; null to take every frame as <see cref="BackwardsResponseFrame"/>.</param>
internal sealed class PendingInvocation<TResponse>(int capacity, JsonTypeInfo<TResponse>? responseInfo) : PendingInvocation
{
    private readonly Channel<DecodedFrame<TResponse>> _queue = Channel.CreateBounded<DecodedFrame<TResponse>>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true,
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    // Only the read loop touches the staged value, between Stage and Commit of one line.
    private TResponse? _staged;

    public ChannelReader<DecodedFrame<TResponse>> Reader => _queue.Reader;

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

    public override ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        var frame = new DecodedFrame<TResponse>(null, _staged);
        _staged = default;
        return WriteAsync(frame, cancellationToken);
    }

    public override ValueTask DeliverAsync(BackwardsResponseFrame frame, CancellationToken cancellationToken) =>
        WriteAsync(DecodedFrame<TResponse>.Of(frame), cancellationToken);

    public override void Complete(Exception? reason = null) => _queue.Writer.TryComplete(reason);

    private ValueTask WriteAsync(DecodedFrame<TResponse> frame, CancellationToken cancellationToken) =>
        _queue.Writer.TryWrite(frame) ? ValueTask.CompletedTask : WaitForRoomAsync(frame, cancellationToken);

    private async ValueTask WaitForRoomAsync(DecodedFrame<TResponse> frame, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // The invocation ended (read to the end, given up, or its session aborted): the frame has no reader.
        }
    }
}
