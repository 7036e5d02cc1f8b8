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
            // ParseValue copies the value into an array of its own (no pooled buffers held after a huge line).
            root = JsonElement.ParseValue(ref reader);
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
}
