using System.Text;
using Dify.Plugin.Hosting;
using Xunit;

namespace Dify.Plugin.Runtime.Tests;

/// <summary>
/// Lines written without a flush are held back and go out together; nothing is held for long, lost, reordered, or
/// reported as written when it could not be.
/// </summary>
public sealed class LineConnectionOutputTests
{
    [Fact]
    public async Task Held_lines_go_out_in_one_write_when_flushed_in_the_order_written()
    {
        var output = new RecordingStream();
        await using var connection = new LineConnection(Stream.Null, output, ownsStreams: false);

        await connection.WriteLineAsync(Line("a"), flush: false, CancellationToken.None);
        await connection.WriteLineAsync(Line("b"), flush: false, CancellationToken.None);
        Assert.Empty(output.Writes);

        await connection.FlushAsync(CancellationToken.None);

        Assert.Equal(["{\"n\":\"a\"}\n{\"n\":\"b\"}\n"], output.Writes);
    }

    [Fact]
    public async Task A_flushing_write_takes_the_held_lines_with_it_ahead_of_itself()
    {
        var output = new RecordingStream();
        await using var connection = new LineConnection(Stream.Null, output, ownsStreams: false);

        await connection.WriteLineAsync(Line("a"), flush: false, CancellationToken.None);
        await connection.WriteLineAsync("{\"n\":\"end\"}"u8.ToArray(), CancellationToken.None);

        Assert.Equal(["{\"n\":\"a\"}\n{\"n\":\"end\"}\n"], output.Writes);
    }

    [Fact]
    public async Task A_line_held_while_its_writer_computes_goes_out_on_its_own_after_the_delay()
    {
        var output = new RecordingStream();
        await using var connection = new LineConnection(Stream.Null, output, ownsStreams: false);

        await connection.WriteLineAsync(Line("progress"), flush: false, CancellationToken.None);

        // A tool busy without awaiting never flushes; the connection's timer does, after LineConnection.HeldLineDelay.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (output.Writes.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
        }

        Assert.Equal(["{\"n\":\"progress\"}\n"], output.Writes);
    }

    [Fact]
    public async Task Lines_beyond_what_may_be_held_go_out_before_the_line_that_does_not_fit()
    {
        var output = new RecordingStream();
        await using var connection = new LineConnection(Stream.Null, output, ownsStreams: false);
        var big = new string('x', 40 * 1024);

        await connection.WriteLineAsync(Line("first" + big), flush: false, CancellationToken.None);
        await connection.WriteLineAsync(Line("second" + big), flush: false, CancellationToken.None);
        await connection.FlushAsync(CancellationToken.None);

        Assert.Equal([$"{{\"n\":\"first{big}\"}}\n", $"{{\"n\":\"second{big}\"}}\n"], output.Writes);
    }

    [Fact]
    public async Task A_failed_write_of_held_lines_reaches_the_next_writer()
    {
        var output = new RecordingStream { Fail = true };
        await using var connection = new LineConnection(Stream.Null, output, ownsStreams: false);

        await connection.WriteLineAsync(Line("held"), flush: false, CancellationToken.None);
        await Assert.ThrowsAsync<IOException>(() => connection.FlushAsync(CancellationToken.None).AsTask());

        // The held line was taken from a writer that moved on: whoever writes next learns the output is broken.
        output.Fail = false;
        await Assert.ThrowsAsync<IOException>(() => connection.WriteLineAsync(Line("later"), flush: true, CancellationToken.None).AsTask());
        Assert.Empty(output.Writes);
    }

    [Fact]
    public async Task A_failed_write_of_held_lines_by_the_timer_reaches_the_next_flush()
    {
        var output = new RecordingStream { Fail = true };
        await using var connection = new LineConnection(Stream.Null, output, ownsStreams: false);

        await connection.WriteLineAsync(Line("held"), flush: false, CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (output.FailedWrites == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
        }

        // The timer wrote the held line and failed; nothing is held any more, and the flush still reports the failure.
        Assert.Equal(1, output.FailedWrites);
        await Assert.ThrowsAsync<IOException>(() => connection.FlushAsync(CancellationToken.None).AsTask());
    }

    private static OutgoingLine Line(string value) => OutgoingLine.Write(value, static (writer, text) => writer.WriteString("n", text));

    /// <summary>Records each write as text; flushes are not recorded, a write is what goes out.</summary>
    private sealed class RecordingStream : Stream
    {
        private readonly Lock _gate = new();
        private readonly List<string> _writes = [];

        private int _failedWrites;

        public bool Fail { get; set; }

        public int FailedWrites => Volatile.Read(ref _failedWrites);

        public IReadOnlyList<string> Writes
        {
            get
            {
                lock (_gate)
                {
                    return [.. _writes];
                }
            }
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (Fail)
            {
                Interlocked.Increment(ref _failedWrites);
                throw new IOException("Broken pipe");
            }

            lock (_gate)
            {
                _writes.Add(Encoding.UTF8.GetString(buffer));
            }
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
