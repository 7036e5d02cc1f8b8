using System.Text.Json.Serialization;

namespace Dify.Plugin;

/// <summary>What a <see cref="MultimodalContent"/> holds (<c>content_type</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MultimodalContentType>))]
public enum MultimodalContentType
{
    /// <summary>Plain text (<c>text</c>).</summary>
    [JsonStringEnumMemberName("text")] Text,

    /// <summary>An image as base64 (<c>image</c>).</summary>
    [JsonStringEnumMemberName("image")] Image,
}

/// <summary>
/// A text or an image for a multimodal embedding or rerank model (Python SDK: <c>MultiModalContent</c> in
/// <c>entities/model/text_embedding.py</c>).
/// </summary>
/// <param name="Content">The text, or the image's bytes as base64.</param>
/// <param name="ContentType">Which of the two it is.</param>
public sealed record MultimodalContent(string Content, MultimodalContentType ContentType)
{
    /// <summary>A text.</summary>
    public static MultimodalContent FromText(string text) => new(text ?? throw new ArgumentNullException(nameof(text)), MultimodalContentType.Text);

    /// <summary>An image, from its bytes.</summary>
    public static MultimodalContent FromImage(ReadOnlySpan<byte> image) => new(Convert.ToBase64String(image), MultimodalContentType.Image);
}
