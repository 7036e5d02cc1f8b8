using System.Text.Json;
using Dify.Plugin.Invocation;

namespace Dify.Plugin.Hosting;

/// <summary>The lines the plugin writes, exactly as the daemon parses them (reference §4.3, §4.7, §4.8).</summary>
internal static class PluginMessages
{
    /// <summary>Dify's chunk size for blobs (<c>chunk_merger.py</c>): 8192 raw bytes.</summary>
    public const int BlobChunkBytes = 8192;

    /// <summary>Dify refuses blobs over 30 MiB.</summary>
    public const int MaxBlobBytes = 30 * 1024 * 1024;

    public static byte[] Heartbeat() => Write(writer =>
    {
        writer.WriteString("event", "heartbeat");
        writer.WriteNull("session_id");
        writer.WriteStartObject("data");
        writer.WriteEndObject();
    });

    public static byte[] Log(string level, string message) => Write(writer =>
    {
        writer.WriteString("event", "log");
        writer.WriteNull("session_id");
        writer.WriteStartObject("data");
        writer.WriteString("level", level);
        writer.WriteString("message", message);
        writer.WriteNumber("timestamp", Math.Round(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0, 3));
        writer.WriteEndObject();
    });

    /// <summary>A registration line: <c>{"type": …, "data": …}</c> with the generator's UTF-8 JSON as the data, checked, not re-encoded.</summary>
    public static byte[] Registration(string type, ReadOnlyMemory<byte> utf8Data) => Write(writer =>
    {
        writer.WriteString("type", type);
        writer.WritePropertyName("data");
        writer.WriteRawValue(utf8Data.Span, skipInputValidation: false);
    });

    public static byte[] Handshake(string key) => Write(writer =>
    {
        writer.WriteString("type", "handshake");
        writer.WriteStartObject("data");
        writer.WriteString("key", key);
        writer.WriteEndObject();
    });

    public static byte[] AssetChunk(string filename, ReadOnlyMemory<byte> chunk, bool end) => Write(writer =>
    {
        writer.WriteString("type", "asset_chunk");
        writer.WriteStartObject("data");
        writer.WriteString("filename", filename);
        writer.WriteBase64String("data", chunk.Span);
        writer.WriteBoolean("end", end);
        writer.WriteEndObject();
    });

    public static byte[] EndRegistration() => Write(writer =>
    {
        writer.WriteString("type", "end");
        writer.WriteStartObject("data");
        writer.WriteEndObject();
    });

    /// <summary>A <c>stream</c> message of a session, in a pooled line (the session's writer returns it).</summary>
    public static OutgoingLine Stream(string sessionId, Action<Utf8JsonWriter> writeData) =>
        OutgoingLine.Write((sessionId, writeData), static (writer, state) => WriteSession(writer, state.sessionId, "stream", state.writeData));

    /// <summary>A tool's message as a <c>stream</c> message of its session, in a pooled line.</summary>
    public static OutgoingLine Stream(string sessionId, ToolInvokeMessage message) =>
        OutgoingLine.Write((sessionId, message), static (writer, state) =>
        {
            WriteSessionStart(writer, state.sessionId, "stream");
            state.message.WriteTo(writer);
            writer.WriteEndObject();
        });

    public static byte[] End(string sessionId) => Session(sessionId, "end", writer =>
    {
        writer.WriteStartObject();
        writer.WriteEndObject();
    });

    public static byte[] Error(string sessionId, string errorType, string message, string? traceback) => Session(sessionId, "error", writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("error_type", errorType);
        writer.WriteString("message", message);
        writer.WriteStartObject("args");
        if (traceback is not null)
        {
            writer.WriteString("traceback", traceback);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    public static OutgoingLine Invoke(string sessionId, BackwardsInvocationRequest request) => OutgoingLine.Write((sessionId, request), static (writer, state) =>
    {
        WriteSessionStart(writer, state.sessionId, "invoke");
        writer.WriteStartObject();
        writer.WriteString("type", state.request.Type.ToWireName());
        writer.WriteString("backwards_request_id", state.request.BackwardsRequestId);
        writer.WritePropertyName("request");
        writer.WriteRawValue(state.request.RequestJson.Span, skipInputValidation: true);
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    /// <summary>The <c>blob_chunk</c> messages of a blob: chunks of at most 8192 bytes, then an empty one with <c>end: true</c>.</summary>
    public static IEnumerable<Action<Utf8JsonWriter>> BlobChunks(ToolInvokeMessage blob)
    {
        var id = Guid.NewGuid().ToString("N");
        var total = blob.Blob.Length;
        var sequence = 0;
        for (var offset = 0; offset < total; offset += BlobChunkBytes, sequence++)
        {
            var start = offset;
            var index = sequence;
            yield return writer => WriteChunk(writer, blob, id, index, total, blob.Blob.Span.Slice(start, Math.Min(BlobChunkBytes, total - start)), end: false);
        }

        var last = sequence;
        yield return writer => WriteChunk(writer, blob, id, last, total, ReadOnlySpan<byte>.Empty, end: true);
    }

    private static void WriteChunk(Utf8JsonWriter writer, ToolInvokeMessage blob, string id, int sequence, int total, ReadOnlySpan<byte> bytes, bool end)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "blob_chunk");
        writer.WriteStartObject("message");
        writer.WriteString("id", id);
        writer.WriteNumber("sequence", sequence);
        writer.WriteNumber("total_length", total);
        writer.WriteBase64String("blob", bytes);
        writer.WriteBoolean("end", end);
        writer.WriteEndObject();
        writer.WritePropertyName("meta");
        if (blob.Meta is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            blob.Meta.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    private static byte[] Session(string sessionId, string type, Action<Utf8JsonWriter> writeData) =>
        Write(writer => WriteSession(writer, sessionId, type, writeData));

    /// <summary><c>"event": "session", "session_id": …, "data": {"type": …, "data": …}</c>, the data by <paramref name="writeData"/>.</summary>
    private static void WriteSession(Utf8JsonWriter writer, string sessionId, string type, Action<Utf8JsonWriter> writeData)
    {
        WriteSessionStart(writer, sessionId, type);
        writeData(writer);
        writer.WriteEndObject();
    }

    /// <summary>A session message up to its inner <c>data</c>'s value; the caller writes the value and ends <c>data</c>.</summary>
    private static void WriteSessionStart(Utf8JsonWriter writer, string sessionId, string type)
    {
        writer.WriteString("event", "session");
        writer.WriteString("session_id", sessionId);
        writer.WriteStartObject("data");
        writer.WriteString("type", type);
        writer.WritePropertyName("data");
    }

    /// <summary>A message that is written rarely (registration, heartbeat, a session's end), as an array of its own.</summary>
    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var line = OutgoingLine.Write(body, static (writer, body) => body(writer));
        return line.WithNewline[..line.Length].ToArray();
    }
}
