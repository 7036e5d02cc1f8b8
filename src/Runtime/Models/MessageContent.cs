using System.Text;

namespace Dify.Plugin;

/// <summary>
/// The content of a prompt message: a plain string, a list of parts, or nothing. Converts implicitly from a
/// <see cref="string"/> and from an array or list of <see cref="PromptMessageContent"/>.
/// </summary>
public readonly struct MessageContent : IEquatable<MessageContent>
{
    private readonly string? _text;
    private readonly IReadOnlyList<PromptMessageContent>? _parts;

    /// <summary>Content that is a plain string.</summary>
    public MessageContent(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _text = text;
    }

    /// <summary>Content made of parts.</summary>
    public MessageContent(IEnumerable<PromptMessageContent> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        _parts = parts.ToArray();
    }

    /// <summary>No content (<c>null</c> on the wire).</summary>
    public static MessageContent None => default;

    /// <summary>Whether the content is a plain string.</summary>
    public bool IsText => _text is not null;

    /// <summary>Whether the content is a list of parts.</summary>
    public bool IsParts => _parts is not null;

    /// <summary>Whether there is no content, or it is an empty string or list.</summary>
    public bool IsEmpty => _text is null or { Length: 0 } && (_parts is null || _parts.Count == 0);

    /// <summary>The string, when <see cref="IsText"/>; otherwise <see langword="null"/>.</summary>
    public string? Text => _text;

    /// <summary>The parts, when <see cref="IsParts"/>; otherwise an empty list.</summary>
    public IReadOnlyList<PromptMessageContent> Parts => _parts ?? [];

    /// <summary>The text of the content: the string itself, or the text parts joined (Python SDK: <c>get_text_content</c>).</summary>
    public string GetText()
    {
        if (_text is not null)
        {
            return _text;
        }

        if (_parts is null)
        {
            return "";
        }

        var builder = new StringBuilder();
        foreach (var part in _parts)
        {
            if (part is TextPromptMessageContent text)
            {
                builder.Append(text.Data);
            }
        }

        return builder.ToString();
    }

    /// <summary>Converts a string to content.</summary>
    public static implicit operator MessageContent(string? text) => text is null ? default : new MessageContent(text);

    /// <summary>Converts parts to content.</summary>
    public static implicit operator MessageContent(PromptMessageContent[]? parts) => parts is null ? default : new MessageContent(parts);

    /// <summary>Converts parts to content.</summary>
    public static implicit operator MessageContent(List<PromptMessageContent>? parts) => parts is null ? default : new MessageContent(parts);

    /// <inheritdoc />
    public bool Equals(MessageContent other) =>
        _text == other._text
        && (ReferenceEquals(_parts, other._parts) || (_parts is not null && other._parts is not null && _parts.SequenceEqual(other._parts)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is MessageContent other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _text is not null ? _text.GetHashCode(StringComparison.Ordinal) : _parts?.Count ?? 0;

    /// <inheritdoc />
    public override string ToString() => GetText();

    /// <summary>Compares two contents.</summary>
    public static bool operator ==(MessageContent left, MessageContent right) => left.Equals(right);

    /// <summary>Compares two contents.</summary>
    public static bool operator !=(MessageContent left, MessageContent right) => !left.Equals(right);
}
