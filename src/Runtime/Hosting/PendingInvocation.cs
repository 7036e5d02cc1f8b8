using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dify.Plugin.Invocation;

namespace Dify.Plugin.Hosting;

/// <summary>
/// A backwards invocation waiting for the daemon's frames: a bounded queue between the connection's read loop (one
/// writer) and the tool (one reader). A response payload is staged from the line's bytes (<see cref="Stage"/> or
/// <see cref="StagePayload"/>, then <see cref="TryCommit"/> once the whole line has proved valid); anything unusual
/// arrives as a <see cref="BackwardsResponseFrame"/> and is read by the tool exactly as any transport's frame.
/// </summary>
/// <remarks>
/// Whoever has time deserializes a payload. While the tool keeps up with the stream (<see cref="FrameQueue{T}.ReaderKeepsUp"/>),
/// the read loop, which is then the slower side, only checks that the payload is one JSON value and queues a copy of
/// its bytes, and the tool's side deserializes it as it reads (<see cref="PendingInvocation{TResponse}.Decode"/>); once
/// the tool falls behind, the read loop deserializes the payloads itself. Either way a payload is deserialized once, and
/// one that does not fit its type reaches the tool as the same frame the general path would make of it.
/// </remarks>
internal abstract class PendingInvocation
{
    /// <summary>
    /// How a payload read on its own is read: it sits two objects deep in the line (the envelope, its data), which is
    /// read with <see cref="DaemonLine.MaxDepth"/>.
    /// </summary>
    protected static readonly JsonReaderOptions PayloadOptions = new() { MaxDepth = DaemonLine.MaxDepth - 2 };

    /// <summary>The same limit for a payload parsed into a document (<see cref="PayloadOptions"/>).</summary>
    protected static readonly JsonDocumentOptions PayloadDocumentOptions = new() { MaxDepth = PayloadOptions.MaxDepth };

    /// <summary>
    /// Deserializes the payload at the reader's current token; false (nothing staged) when it is JSON null or this
    /// invocation takes frames only.
    /// </summary>
    /// <exception cref="JsonException">The payload does not fit the response type; the line then goes the general way.</exception>
    public abstract bool Stage(ref Utf8JsonReader reader);

    /// <summary>
    /// Stages <paramref name="payload"/>, a whole line's payload sent with <paramref name="message"/>, now or for the
    /// tool's side to deserialize; false (nothing staged) when it is not exactly one JSON value, is JSON null, or this
    /// invocation takes frames only.
    /// </summary>
    /// <exception cref="JsonException">The payload does not fit the response type; the line then goes the general way.</exception>
    public abstract bool StagePayload(ReadOnlySpan<byte> payload, string message);

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
    private readonly FrameQueue<QueuedFrame<TResponse>> _queue = new(capacity);

    // Only the read loop touches what is staged, between staging and committing one line.
    private TResponse? _staged;
    private PayloadBytes? _stagedBytes;

    /// <summary>The frames for the tool, in order, each to be read through <see cref="Decode"/>.</summary>
    public IAsyncEnumerable<QueuedFrame<TResponse>> ReadAllAsync(CancellationToken cancellationToken) => _queue.ReadAllAsync(cancellationToken);

    /// <summary>
    /// The frame as the tool reads it: a payload left as bytes is deserialized here, on the tool's side; one that does
    /// not deserialize to a value becomes the response frame the general path makes of it, so that the invoker reports
    /// it exactly as it reports that frame.
    /// </summary>
    public DecodedFrame<TResponse> Decode(QueuedFrame<TResponse> frame)
    {
        if (frame.Bytes is not { } bytes)
        {
            return frame.Decoded;
        }

        try
        {
            try
            {
                if (JsonSerializer.Deserialize(bytes.Span, responseInfo!) is { } value)
                {
                    return new DecodedFrame<TResponse>(null, value);
                }
            }
            catch (Exception)
            {
                // Whatever the converters threw, the invoker throws again from the frame below, as for the general path.
            }

            using var document = JsonDocument.Parse(bytes.Memory, PayloadDocumentOptions);
            return DecodedFrame<TResponse>.Of(new BackwardsResponseFrame(BackwardsResponseEvent.Response, bytes.Message, document.RootElement.Clone()));
        }
        finally
        {
            bytes.Return();
        }
    }

    public override bool Stage(ref Utf8JsonReader reader)
    {
        if (responseInfo is null)
        {
            return false;
        }

        _staged = JsonSerializer.Deserialize(ref reader, responseInfo);
        return _staged is not null;
    }

    public override bool StagePayload(ReadOnlySpan<byte> payload, string message)
    {
        if (responseInfo is null)
        {
            return false;
        }

        var reader = new Utf8JsonReader(payload, PayloadOptions);
        if (!reader.Read())
        {
            return false;
        }

        if (!_queue.ReaderKeepsUp)
        {
            if (Stage(ref reader) && reader.BytesConsumed == payload.Length)
            {
                return true;
            }

            Unstage();
            return false;
        }

        // JSON null goes the general way, as it does when deserialized here.
        if (reader.TokenType == JsonTokenType.Null)
        {
            return false;
        }

        reader.Skip();
        if (reader.BytesConsumed != payload.Length)
        {
            return false;
        }

        _stagedBytes = PayloadBytes.CopyOf(payload, message);
        return true;
    }

    public override void Unstage()
    {
        _staged = default;
        _stagedBytes?.Return();
        _stagedBytes = null;
    }

    public override bool TryCommit()
    {
        var frame = new QueuedFrame<TResponse>(new DecodedFrame<TResponse>(null, _staged), _stagedBytes);
        _staged = default;
        _stagedBytes = null;
        return _queue.TryAdd(frame);
    }

    public override bool TryDeliver(BackwardsResponseFrame frame) => _queue.TryAdd(new QueuedFrame<TResponse>(DecodedFrame<TResponse>.Of(frame), null));

    public override void Publish() => _queue.Publish();

    public override ValueTask WaitForRoomAsync(CancellationToken cancellationToken) => _queue.WaitForRoomAsync(cancellationToken);

    public override void Complete(Exception? reason = null) => _queue.Complete(reason);
}

/// <summary>A frame as queued: <paramref name="Decoded"/>, or, when <paramref name="Bytes"/> is set, a payload for the tool's side to deserialize.</summary>
internal readonly record struct QueuedFrame<TResponse>(DecodedFrame<TResponse> Decoded, PayloadBytes? Bytes);

/// <summary>
/// A copy of a payload's bytes in an array rented from the shared pool, with the message of its line. The tool's side
/// returns the array once it has read the payload; one never read (its tool stopped reading) is left to the collector.
/// </summary>
internal readonly struct PayloadBytes
{
    private readonly byte[] _array;
    private readonly int _length;

    private PayloadBytes(byte[] array, int length, string message)
    {
        _array = array;
        _length = length;
        Message = message;
    }

    /// <summary>The <c>message</c> of the payload's line.</summary>
    public string Message { get; }

    public ReadOnlySpan<byte> Span => _array.AsSpan(0, _length);

    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, _length);

    public static PayloadBytes CopyOf(ReadOnlySpan<byte> payload, string message)
    {
        var array = ArrayPool<byte>.Shared.Rent(payload.Length);
        payload.CopyTo(array);
        return new PayloadBytes(array, payload.Length, message);
    }

    /// <summary>Gives the array back to the pool, once: the bytes must not be read afterwards.</summary>
    public void Return() => ArrayPool<byte>.Shared.Return(_array);
}
