using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Dify.Plugin.Hosting;

/// <summary>Parses one line from the daemon into a JSON value that owns its memory, so nothing needs copying or disposing.</summary>
internal static class DaemonLine
{
    /// <summary>The nesting the host reads; the daemon's own messages are a few levels deep.</summary>
    public const int MaxDepth = 64;

    /// <summary>The line as one JSON value; false when it is not exactly one, or nested deeper than <see cref="MaxDepth"/>.</summary>
    public static bool TryParse(ReadOnlySpan<byte> line, out JsonElement root)
    {
        // Invalid UTF-8 becomes U+FFFD, as a text reader would make it, instead of failing the whole line.
        var text = Utf8.IsValid(line) ? line : Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(line));
        var reader = new Utf8JsonReader(text, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            // ParseValue copies the value into an array of its own, so nothing needs disposing.
            root = JsonElement.ParseValue(ref reader);
            ForgetPooledIndex(text.Length);
            if (reader.Read())
            {
                root = default;
                return false;
            }

            return true;
        }
        catch (JsonException)
        {
            root = default;
            return false;
        }
    }

    /// <summary>
    /// System.Text.Json rents the index of a document over 4 MiB from the shared pool at the document's size and
    /// returns it there, where each thread keeps one: after huge lines on a few threads the process held gigabytes.
    /// Renting it back on the same thread and dropping it leaves it to the garbage collector instead.
    /// </summary>
    private static void ForgetPooledIndex(int lineBytes)
    {
        const int PooledAtLineSizeAbove = 4 * 1024 * 1024;
        const int IndexRowBytes = 12;
        if (lineBytes > PooledAtLineSizeAbove)
        {
            _ = ArrayPool<byte>.Shared.Rent(lineBytes + IndexRowBytes);
        }
    }
}
