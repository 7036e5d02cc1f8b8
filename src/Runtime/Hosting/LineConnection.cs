using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Text;

namespace Dify.Plugin.Hosting;

/// <summary>A line from the daemon that was longer than the reader accepts; it was skipped.</summary>
public sealed class OverlongLineException(long length, int limit)
    : Exception($"The daemon sent a line of at least {length} bytes, over the {limit}-byte limit; it was skipped.");

/// <summary>
/// Newline-delimited messages over a pair of streams (stdin/stdout, or one TCP stream). Each message and its newline
/// go out in one write under one lock, so that concurrent sessions never glue two messages onto one line; lines end
/// with <c>\n</c> only.
/// </summary>
public sealed class LineConnection : IAsyncDisposable
{
    /// <summary>The daemon's line limit (<c>PLUGIN_RUNTIME_MAX_BUFFER_SIZE</c>, 5 MiB): a longer line kills the instance.</summary>
    public const int MaxOutgoingLineBytes = 5 * 1024 * 1024;

    /// <summary>
    /// How long a line written without a flush may be held back at most, for a tool that computes between two messages
    /// without awaiting anything.
    /// </summary>
    internal static readonly TimeSpan HeldLineDelay = TimeSpan.FromMilliseconds(5);

    private readonly Stream _input;
    private readonly Stream _output;
    private readonly bool _ownsStreams;
    private readonly int _maxIncomingLineBytes;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <summary>Lines held back may total this much; a line that does not fit writes what is held, then itself.</summary>
    private const int MaxHeldBytes = 64 * 1024;
    private readonly byte[] _readBuffer = new byte[64 * 1024];
    private const int RetainedLineBytes = 1024 * 1024;
    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    private MemoryStream _line = new();
    private int _readStart;
    private int _readEnd;
    private byte[] _held = [];
    private int _heldLength;
    private Timer? _heldLineTimer;
    private ExceptionDispatchInfo? _writeFailure;

    /// <summary>Creates a connection over <paramref name="input"/> and <paramref name="output"/>.</summary>
    public LineConnection(Stream input, Stream output, bool ownsStreams = true, int maxIncomingLineBytes = 64 * 1024 * 1024)
    {
        _input = input;
        _output = output;
        _ownsStreams = ownsStreams;
        _maxIncomingLineBytes = maxIncomingLineBytes;
    }

    /// <summary>Whether the next line is already read from the stream, whole: reading it will not wait.</summary>
    internal bool HasBufferedLine => _readBuffer.AsSpan(_readStart, _readEnd - _readStart).Contains((byte)'\n');

    /// <summary>The next non-empty line, without its line ending; null when the other side closed the connection.</summary>
    /// <exception cref="OverlongLineException">A line was over the limit; it was skipped and the next read continues after it.</exception>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) =>
        await ReadLineBytesAsync(cancellationToken).ConfigureAwait(false) is { } line ? Encoding.UTF8.GetString(line.Span) : null;

    /// <summary>
    /// The next non-empty line as UTF-8, without its line ending or a leading byte order mark; null when the other side
    /// closed the connection. The memory is valid until the next read.
    /// </summary>
    /// <exception cref="OverlongLineException">A line was over the limit; it was skipped and the next read continues after it.</exception>
    internal async ValueTask<ReadOnlyMemory<byte>?> ReadLineBytesAsync(CancellationToken cancellationToken)
    {
        if (_line.Capacity > RetainedLineBytes)
        {
            // A huge line is rare; its buffer is not kept for the next one.
            await _line.DisposeAsync().ConfigureAwait(false);
            _line = new MemoryStream();
        }

        _line.SetLength(0);
        var overlong = false;
        while (true)
        {
            if (_readStart == _readEnd)
            {
                _readStart = 0;
                _readEnd = await _input.ReadAsync(_readBuffer, cancellationToken).ConfigureAwait(false);
                if (_readEnd == 0)
                {
                    return null;
                }
            }

            var available = _readBuffer.AsSpan(_readStart, _readEnd - _readStart);
            var newline = available.IndexOf((byte)'\n');
            var part = newline >= 0 ? available[..newline] : available;
            if (newline >= 0 && _line.Length == 0 && !overlong && part.Length <= _maxIncomingLineBytes)
            {
                // The whole line is in the read buffer: it is read where it is, without a copy.
                var inPlace = _readBuffer.AsMemory(_readStart, newline);
                _readStart += newline + 1;
                if (Trim(inPlace) is { } whole)
                {
                    return whole;
                }

                continue;
            }

            if (!overlong)
            {
                if (_line.Length + part.Length > _maxIncomingLineBytes)
                {
                    overlong = true;
                }
                else
                {
                    _line.Write(part);
                }
            }

            _readStart += newline >= 0 ? newline + 1 : part.Length;
            if (newline < 0)
            {
                continue;
            }

            if (overlong)
            {
                throw new OverlongLineException(_line.Length + part.Length, _maxIncomingLineBytes);
            }

            var assembled = Trim(_line.GetBuffer().AsMemory(0, (int)_line.Length));
            if (assembled is null)
            {
                _line.SetLength(0);
                continue;
            }

            return assembled;
        }
    }

    /// <summary>The line without a leading byte order mark and a trailing <c>\r</c>; null when nothing but spaces is left.</summary>
    private static ReadOnlyMemory<byte>? Trim(ReadOnlyMemory<byte> line)
    {
        if (line.Span.StartsWith(ByteOrderMark))
        {
            line = line[ByteOrderMark.Length..];
        }

        if (line.Length > 0 && line.Span[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        return line.Span.Trim((byte)' ').Length == 0 ? null : line;
    }

    /// <summary>Writes one message followed by <c>\n</c>, in one write, after any lines held back before it.</summary>
    /// <exception cref="InvalidOperationException">The message is over Dify's 5 MiB line limit.</exception>
    public async ValueTask WriteLineAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken)
    {
        ThrowIfOverLimit(utf8Json.Length);
        await WriteAsync(utf8Json, newlineIncluded: false, flush: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes a message that already ends with its newline. With <paramref name="flush"/> false the line may be held
    /// back, with the lines before it, until the next flushing write, <see cref="FlushAsync"/>, 64 KiB of held lines or
    /// <see cref="HeldLineDelay"/>, whichever comes first: a tool that has its next message ready sends the two in one write.
    /// </summary>
    /// <exception cref="InvalidOperationException">The message is over Dify's 5 MiB line limit.</exception>
    internal ValueTask WriteLineAsync(in OutgoingLine line, bool flush, CancellationToken cancellationToken)
    {
        ThrowIfOverLimit(line.Length);
        return WriteAsync(line.WithNewline, newlineIncluded: true, flush, cancellationToken);
    }

    /// <summary>Writes the lines held back, if any.</summary>
    internal async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _heldLength) == 0)
        {
            // The timer may have tried the held lines first and failed: a flush, like a write, learns the output is broken.
            Volatile.Read(ref _writeFailure)?.Throw();
            return;
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await WriteHeldAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static void ThrowIfOverLimit(int length)
    {
        if (length + 1 > MaxOutgoingLineBytes)
        {
            throw new InvalidOperationException($"A message of {length} bytes is over Dify's {MaxOutgoingLineBytes}-byte line limit.");
        }
    }

    private async ValueTask WriteAsync(ReadOnlyMemory<byte> line, bool newlineIncluded, bool flush, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _writeFailure?.Throw();
            var length = line.Length + (newlineIncluded ? 0 : 1);
            if (_heldLength + length <= MaxHeldBytes)
            {
                // One write for what is held and this line.
                var wasEmpty = _heldLength == 0;
                Hold(line.Span, newlineIncluded);
                if (flush)
                {
                    await WriteHeldAsync().ConfigureAwait(false);
                }
                else if (wasEmpty)
                {
                    _heldLineTimer ??= new Timer(static state => ((LineConnection)state!).FlushHeldFromTimer(), this, Timeout.Infinite, Timeout.Infinite);
                    _heldLineTimer.Change(HeldLineDelay, Timeout.InfiniteTimeSpan);
                }

                return;
            }

            await WriteHeldAsync().ConfigureAwait(false);
            if (newlineIncluded)
            {
                await WriteToOutputAsync(line).ConfigureAwait(false);
            }
            else
            {
                var buffer = ArrayPool<byte>.Shared.Rent(length);
                try
                {
                    line.CopyTo(buffer);
                    buffer[line.Length] = (byte)'\n';
                    await WriteToOutputAsync(buffer.AsMemory(0, length)).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void Hold(ReadOnlySpan<byte> line, bool newlineIncluded)
    {
        if (_held.Length == 0)
        {
            // Kept for the connection's life (a timer may flush it as the connection ends), so not from the shared pool.
            _held = new byte[MaxHeldBytes];
        }

        line.CopyTo(_held.AsSpan(_heldLength));
        var length = _heldLength + line.Length;
        if (!newlineIncluded)
        {
            _held[length++] = (byte)'\n';
        }

        Volatile.Write(ref _heldLength, length);
    }

    /// <summary>Writes and flushes what is held; the caller holds the write lock.</summary>
    private async ValueTask WriteHeldAsync()
    {
        if (_heldLength == 0)
        {
            return;
        }

        _heldLineTimer?.Change(Timeout.Infinite, Timeout.Infinite);
        var length = _heldLength;
        Volatile.Write(ref _heldLength, 0);
        await WriteToOutputAsync(_held.AsMemory(0, length)).ConfigureAwait(false);
    }

    private async ValueTask WriteToOutputAsync(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            await _output.WriteAsync(bytes, CancellationToken.None).ConfigureAwait(false);
            await _output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // Lines held back were accepted from writers that have moved on: whoever writes next learns of the failure.
            _writeFailure = ExceptionDispatchInfo.Capture(exception);
            throw;
        }
    }

    private async void FlushHeldFromTimer()
    {
        try
        {
            await FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Kept in _writeFailure for the next writer; the connection may also have been disposed meanwhile.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_heldLineTimer is not null)
        {
            await _heldLineTimer.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            await FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The daemon's side is gone: the held lines have nowhere to go.
        }

        if (_ownsStreams)
        {
            await _input.DisposeAsync().ConfigureAwait(false);
            if (!ReferenceEquals(_input, _output))
            {
                await _output.DisposeAsync().ConfigureAwait(false);
            }
        }

        _writeLock.Dispose();
        await _line.DisposeAsync().ConfigureAwait(false);
    }
}
