using System.Runtime.CompilerServices;

namespace Dify.Plugin.Hosting;

/// <summary>
/// The bounded queue between the connection's read loop (the one writer) and a tool reading an invocation's frames (the
/// one reader), built to wake each side once per batch rather than once per frame. A waiting reader is woken when a
/// quarter of the queue is filled (at the first frame in a queue of fewer than 8), or when the writer calls
/// <see cref="Publish"/> (the read loop does when it has no further line already buffered, that is before it would wait
/// for the daemon), whichever comes first; a writer waiting for room is woken when the reader has taken the queue down
/// to half. Frames are never held back from a reader for longer than the read loop takes to act on the lines it already
/// holds.
/// </summary>
/// <remarks>
/// The quarter keeps both sides busy at once. Woken only when the queue was full, a reader faster than the read loop
/// emptied it, waited, and was woken again at the next full queue, by which time the read loop had stopped for room:
/// the two took turns (126 waits for room and 110 wakes at full per 10,000-chunk relay with 64 frames) instead of
/// working side by side (docs/performance.md).
/// </remarks>
internal sealed class FrameQueue<T>(int capacity)
{
    private readonly Queue<T> _items = new();
    private readonly int _wakeReaderAt = Math.Max(1, capacity / 4);
    private readonly Lock _gate = new();
    private TaskCompletionSource<bool>? _readerWaiting;
    private TaskCompletionSource? _writerWaiting;
    private bool _unpublished;
    private bool _completed;
    private Exception? _error;

    // Written under the gate, read without it by the writer deciding how much work to leave to the reader.
    private volatile int _count;

    /// <summary>
    /// Whether the reader keeps up: fewer frames wait than the quarter of the queue that wakes it. Read without the lock,
    /// so it may be one frame behind; the writer uses it to decide who deserializes a payload, which either side can.
    /// </summary>
    public bool ReaderKeepsUp => _count < _wakeReaderAt;

    /// <summary>Queues <paramref name="item"/>; false when the queue is now full and the writer should <see cref="WaitForRoomAsync"/>.</summary>
    public bool TryAdd(T item)
    {
        TaskCompletionSource<bool>? wake = null;
        bool hasRoom;
        lock (_gate)
        {
            if (_completed)
            {
                // The reader is gone (read to the end, gave up, or its session ended): the frame has no reader.
                return true;
            }

            _items.Enqueue(item);
            _count = _items.Count;
            hasRoom = _items.Count < capacity;
            if (hasRoom && (_readerWaiting is null || _items.Count < _wakeReaderAt))
            {
                _unpublished = true;
            }
            else
            {
                wake = TakeReader();
            }
        }

        wake?.TrySetResult(true);
        return hasRoom;
    }

    /// <summary>Wakes a reader waiting for frames queued since the last wake.</summary>
    public void Publish()
    {
        TaskCompletionSource<bool>? wake;
        lock (_gate)
        {
            if (!_unpublished)
            {
                return;
            }

            wake = TakeReader();
        }

        wake?.TrySetResult(true);
    }

    /// <summary>Waits until the reader has taken the queue down to half, or has gone.</summary>
    public async ValueTask WaitForRoomAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource waiting;
        lock (_gate)
        {
            if (_completed || _items.Count < capacity)
            {
                return;
            }

            waiting = _writerWaiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        await waiting.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the queue: the reader gets what is queued, then <paramref name="error"/> if any; later frames are dropped.</summary>
    public void Complete(Exception? error = null)
    {
        TaskCompletionSource<bool>? reader;
        TaskCompletionSource? writer;
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            _error = error;
            reader = TakeReader();
            writer = _writerWaiting;
            _writerWaiting = null;
        }

        reader?.TrySetResult(true);
        writer?.TrySetResult();
    }

    /// <summary>The frames in order, until the queue is completed (then its error, if any, is thrown).</summary>
    public async IAsyncEnumerable<T> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            Task<bool>? wait = null;
            T item = default!;
            TaskCompletionSource? room = null;
            lock (_gate)
            {
                if (_items.TryDequeue(out item!))
                {
                    _count = _items.Count;
                    if (_writerWaiting is not null && _items.Count <= capacity / 2)
                    {
                        room = _writerWaiting;
                        _writerWaiting = null;
                    }
                }
                else if (_completed)
                {
                    if (_error is not null)
                    {
                        throw _error;
                    }

                    yield break;
                }
                else
                {
                    _readerWaiting ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    wait = _readerWaiting.Task;
                }
            }

            if (wait is not null)
            {
                await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            room?.TrySetResult();
            yield return item;
        }
    }

    private TaskCompletionSource<bool>? TakeReader()
    {
        _unpublished = false;
        var reader = _readerWaiting;
        _readerWaiting = null;
        return reader;
    }
}
