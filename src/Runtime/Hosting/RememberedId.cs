using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace Dify.Plugin.Hosting;

/// <summary>An id read from the daemon, kept as text and as UTF-8 to compare the next one without decoding it.</summary>
internal sealed class RememberedId(string id)
{
    public string Id { get; } = id;

    public byte[] Utf8Id { get; } = Encoding.UTF8.GetBytes(id);

    /// <summary>
    /// The entry the string token at <paramref name="reader"/> names in <paramref name="map"/>; null when there is none.
    /// The last id found is remembered in <paramref name="last"/>, so that a stream of lines naming the same id finds it
    /// without a string each.
    /// </summary>
    public static T? Find<T>(ref Utf8JsonReader reader, ConcurrentDictionary<string, T> map, ref RememberedId? last)
        where T : class
    {
        if (last is not null && reader.ValueTextEquals(last.Utf8Id))
        {
            return map.TryGetValue(last.Id, out var same) ? same : null;
        }

        var id = reader.GetString()!;
        if (!map.TryGetValue(id, out var found))
        {
            return null;
        }

        last = new RememberedId(id);
        return found;
    }
}
