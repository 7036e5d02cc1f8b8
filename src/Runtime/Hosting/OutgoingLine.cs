using System.Buffers;
using System.Text.Json;

namespace Dify.Plugin.Hosting;

/// <summary>
/// One message for the daemon, newline included, in an array rented from the shared pool; disposing it returns the
/// array. Written by <see cref="Write"/> with a writer kept per thread, so a message costs neither a writer nor a copy.
/// </summary>
internal readonly struct OutgoingLine : IDisposable
{
    [ThreadStatic]
    private static LineWriter? t_writer;

    private readonly byte[]? _buffer;

    private OutgoingLine(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    /// <summary>Bytes of JSON, without the newline.</summary>
    public int Length { get; }

    /// <summary>The JSON and its newline.</summary>
    public ReadOnlyMemory<byte> WithNewline => _buffer.AsMemory(0, Length + 1);

    /// <summary>The JSON object <paramref name="body"/> writes the members of.</summary>
    public static OutgoingLine Write<TState>(TState state, Action<Utf8JsonWriter, TState> body)
    {
        var writer = t_writer ?? new LineWriter();
        t_writer = null;
        try
        {
            return writer.Write(state, body);
        }
        finally
        {
            t_writer = writer;
        }
    }

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }

    /// <summary>A <see cref="Utf8JsonWriter"/> over pooled arrays, whose array the line it wrote takes away.</summary>
    private sealed class LineWriter : IBufferWriter<byte>
    {
        private readonly Utf8JsonWriter _json;
        private byte[] _buffer = [];
        private int _written;

        public LineWriter() => _json = new Utf8JsonWriter(this);

        public OutgoingLine Write<TState>(TState state, Action<Utf8JsonWriter, TState> body)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(256);
            _written = 0;
            try
            {
                _json.Reset(this);
                _json.WriteStartObject();
                body(_json, state);
                _json.WriteEndObject();
                _json.Flush();
                GetSpan(1)[0] = (byte)'\n';
                var line = new OutgoingLine(_buffer, _written);
                _buffer = [];
                return line;
            }
            catch
            {
                // A body that threw leaves the writer mid-object: Reset above starts the next line clean.
                ReturnBuffer();
                throw;
            }
        }

        public void Advance(int count) => _written += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Grow(sizeHint);
            return _buffer.AsMemory(_written);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Grow(sizeHint);
            return _buffer.AsSpan(_written);
        }

        private void Grow(int sizeHint)
        {
            var needed = _written + Math.Max(sizeHint, 1);
            if (needed <= _buffer.Length)
            {
                return;
            }

            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
            _buffer.AsSpan(0, _written).CopyTo(larger);
            ReturnBuffer();
            _buffer = larger;
        }

        private void ReturnBuffer()
        {
            if (_buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = [];
        }
    }
}
