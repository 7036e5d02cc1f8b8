using System.Text;
using System.Text.Json;

namespace Dify.Plugin.Hosting;

/// <summary>
/// What a line from the daemon looks like, without its content: its size, whether it is a JSON object, its top-level
/// keys, and the names that route it (<c>event</c>, <c>session_id</c>, <c>data.type</c>, <c>data.action</c>). Read
/// token by token, so it works on lines too deep or too broken to parse, as far as they go. This is all the host ever
/// logs of a message: values (credentials, parameters) never reach a log.
/// </summary>
internal sealed class LineShape
{
    private const int MaxKeysShown = 16;

    private readonly List<string> _keys = [];

    private LineShape(int bytes) => Bytes = bytes;

    public int Bytes { get; }

    public bool IsObject { get; private set; }

    /// <summary>Whether the whole line is valid JSON (at any depth).</summary>
    public bool IsValidJson { get; private set; }

    /// <summary>Where the JSON broke off, for a line that is not valid.</summary>
    public long? ErrorPosition { get; private set; }

    public int Depth { get; private set; }

    public string? Event { get; private set; }

    public string? SessionId { get; private set; }

    public string? Type { get; private set; }

    public string? Action { get; private set; }

    public IReadOnlyList<string> Keys => _keys;

    public static LineShape Of(ReadOnlySpan<byte> line)
    {
        var shape = new LineShape(line.Length);
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = int.MaxValue });
        string? topProperty = null;
        try
        {
            while (reader.Read())
            {
                shape.Depth = Math.Max(shape.Depth, reader.CurrentDepth + 1);
                if (reader.CurrentDepth == 0 && reader.TokenType == JsonTokenType.StartObject)
                {
                    shape.IsObject = true;
                }
                else if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                {
                    topProperty = reader.GetString();
                    shape._keys.Add(topProperty!);
                    if (reader.Read() && reader.TokenType == JsonTokenType.String)
                    {
                        if (topProperty == "event")
                        {
                            shape.Event = reader.GetString();
                        }
                        else if (topProperty == "session_id")
                        {
                            shape.SessionId = reader.GetString();
                        }
                    }
                }
                else if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 2 && topProperty == "data" && reader.ValueTextEquals("type"u8))
                {
                    shape.Type = reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 2 && topProperty == "data" && reader.ValueTextEquals("action"u8))
                {
                    shape.Action = reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
            }

            shape.IsValidJson = true;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            shape.ErrorPosition = reader.BytesConsumed;
        }

        return shape;
    }

    /// <summary>For example <c>1,234 bytes, a JSON object with keys event, session_id, data (event 'request', action 'tool/invoke_tool')</c>.</summary>
    public string Describe()
    {
        var text = new StringBuilder().Append($"{Bytes} bytes, ");
        if (!IsValidJson)
        {
            text.Append($"not valid JSON from byte {ErrorPosition}");
            if (!IsObject)
            {
                return text.ToString();
            }

            text.Append(", ");
        }

        if (!IsObject)
        {
            return text.Append("JSON but not an object").ToString();
        }

        text.Append("a JSON object ");
        text.Append(_keys.Count == 0 ? "without keys" : "with keys " + string.Join(", ", _keys.Take(MaxKeysShown).Select(key => LogText.Escape(key, 32))));
        if (_keys.Count > MaxKeysShown)
        {
            text.Append($" and {_keys.Count - MaxKeysShown} more");
        }

        if (Depth > 64)
        {
            text.Append($", nested {Depth} levels deep");
        }

        var names = new List<string>(2);
        if (Event is not null)
        {
            names.Add($"event '{LogText.Escape(Event)}'");
        }

        if (Type is not null || Action is not null)
        {
            names.Add($"action '{LogText.Escape(Type)}/{LogText.Escape(Action)}'");
        }

        if (names.Count > 0)
        {
            text.Append(" (").AppendJoin(", ", names).Append(')');
        }

        return text.ToString();
    }
}
