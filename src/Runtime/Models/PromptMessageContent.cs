using System.Text.Json.Nodes;

namespace Dify.Plugin;

/// <summary>The kind of a content part, as the wire spells it in <c>type</c>.</summary>
public enum PromptMessageContentType
{
    /// <summary><c>text</c></summary>
    Text,

    /// <summary><c>image</c></summary>
    Image,

    /// <summary><c>audio</c></summary>
    Audio,

    /// <summary><c>video</c></summary>
    Video,

    /// <summary><c>document</c></summary>
    Document,
}

/// <summary>One part of a multi-part prompt message (Python SDK: <c>PromptMessageContent</c>).</summary>
public abstract record PromptMessageContent
{
    private protected PromptMessageContent()
    {
    }

    /// <summary>The part's discriminator.</summary>
    public abstract PromptMessageContentType Type { get; }

    /// <summary>Provider-specific data carried through unchanged. The daemon expects <see langword="null"/> on requests.</summary>
    public JsonNode? OpaqueBody { get; init; }
}

/// <summary>A text part (<c>{"type": "text", "data": …}</c>).</summary>
public sealed record TextPromptMessageContent : PromptMessageContent
{
    /// <summary>Creates a text part.</summary>
    public TextPromptMessageContent(string data) => Data = data;

    /// <inheritdoc />
    public override PromptMessageContentType Type => PromptMessageContentType.Text;

    /// <summary>The text.</summary>
    public string Data { get; init; }
}

/// <summary>
/// The base of image, audio, video and document parts: the file is given either by <see cref="Url"/> or by
/// <see cref="Base64Data"/>, with its <see cref="Format"/> (extension) and <see cref="MimeType"/>.
/// </summary>
public abstract record MultiModalPromptMessageContent : PromptMessageContent
{
    private protected MultiModalPromptMessageContent()
    {
    }

    /// <summary>The file format, such as <c>png</c> or <c>mp3</c>.</summary>
    public required string Format { get; init; }

    /// <summary>The MIME type, such as <c>image/png</c>.</summary>
    public required string MimeType { get; init; }

    /// <summary>The file as base64, when no <see cref="Url"/> is given.</summary>
    public string Base64Data { get; init; } = "";

    /// <summary>Where the model can fetch the file.</summary>
    public string Url { get; init; } = "";

    /// <summary>The file's name, if known.</summary>
    public string Filename { get; init; } = "";

    /// <summary>The URL, or a <c>data:</c> URI built from the base64 data (as the Python SDK's <c>data</c>).</summary>
    public string Data => Url.Length > 0 ? Url : $"data:{MimeType};base64,{Base64Data}";
}

/// <summary>How closely a vision model looks at an image.</summary>
public enum ImageDetail
{
    /// <summary><c>low</c> (the default)</summary>
    Low,

    /// <summary><c>high</c></summary>
    High,
}

/// <summary>An image part (<c>"type": "image"</c>); the model needs the <c>vision</c> feature.</summary>
public sealed record ImagePromptMessageContent : MultiModalPromptMessageContent
{
    /// <inheritdoc />
    public override PromptMessageContentType Type => PromptMessageContentType.Image;

    /// <summary>The detail level.</summary>
    public ImageDetail Detail { get; init; } = ImageDetail.Low;
}

/// <summary>An audio part (<c>"type": "audio"</c>); the model needs the <c>audio</c> feature.</summary>
public sealed record AudioPromptMessageContent : MultiModalPromptMessageContent
{
    /// <inheritdoc />
    public override PromptMessageContentType Type => PromptMessageContentType.Audio;
}

/// <summary>A video part (<c>"type": "video"</c>); the model needs the <c>video</c> feature.</summary>
public sealed record VideoPromptMessageContent : MultiModalPromptMessageContent
{
    /// <inheritdoc />
    public override PromptMessageContentType Type => PromptMessageContentType.Video;
}

/// <summary>A document part (<c>"type": "document"</c>); the model needs the <c>document</c> feature.</summary>
public sealed record DocumentPromptMessageContent : MultiModalPromptMessageContent
{
    /// <inheritdoc />
    public override PromptMessageContentType Type => PromptMessageContentType.Document;
}
