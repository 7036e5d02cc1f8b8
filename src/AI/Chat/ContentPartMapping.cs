using Microsoft.Extensions.AI;

namespace Dify.Plugin.AI.Chat;

/// <summary>Maps media between MEAI's <see cref="DataContent"/>/<see cref="UriContent"/> and Dify's multi-modal parts.</summary>
internal static class ContentPartMapping
{
    /// <summary>The <see cref="AIContent.AdditionalProperties"/> key for an image's detail level (<c>low</c> or <c>high</c>).</summary>
    public const string DetailProperty = "detail";

    public static MultiModalPromptMessageContent ToPart(DataContent data) =>
        Create(data.MediaType, data.Name, data.AdditionalProperties) with { Base64Data = data.Base64Data.ToString() };

    public static MultiModalPromptMessageContent ToPart(UriContent uri) =>
        Create(uri.MediaType, null, uri.AdditionalProperties) with { Url = uri.Uri.ToString() };

    public static AIContent ToContent(MultiModalPromptMessageContent part)
    {
        AIContent content = part.Base64Data.Length > 0
            ? new DataContent(Convert.FromBase64String(part.Base64Data), part.MimeType) { Name = part.Filename.Length > 0 ? part.Filename : null }
            : new UriContent(new Uri(part.Url, UriKind.RelativeOrAbsolute), part.MimeType);
        if (part is ImagePromptMessageContent { Detail: ImageDetail.High })
        {
            content.AdditionalProperties = new() { [DetailProperty] = "high" };
        }

        content.RawRepresentation = part;
        return content;
    }

    private static MultiModalPromptMessageContent Create(string mediaType, string? name, AdditionalPropertiesDictionary? properties)
    {
        var format = Format(mediaType, name);
        var filename = name ?? "";
        var topLevel = mediaType.Split('/')[0];
        return topLevel switch
        {
            "image" => new ImagePromptMessageContent
            {
                Format = format,
                MimeType = mediaType,
                Filename = filename,
                Detail = properties?.TryGetValue(DetailProperty, out var detail) == true && string.Equals(detail?.ToString(), "high", StringComparison.OrdinalIgnoreCase)
                    ? ImageDetail.High
                    : ImageDetail.Low,
            },
            "audio" => new AudioPromptMessageContent { Format = format, MimeType = mediaType, Filename = filename },
            "video" => new VideoPromptMessageContent { Format = format, MimeType = mediaType, Filename = filename },
            _ => new DocumentPromptMessageContent { Format = format, MimeType = mediaType, Filename = filename },
        };
    }

    /// <summary>Dify's <c>format</c> is the file's extension: the name's if it has one, else one derived from the media type.</summary>
    private static string Format(string mediaType, string? name)
    {
        var extension = Path.GetExtension(name);
        if (!string.IsNullOrEmpty(extension))
        {
            return extension[1..].ToLowerInvariant();
        }

        var subtype = mediaType.Split('/') is [_, var sub] ? sub.Split(';')[0].Trim() : mediaType;
        return subtype switch
        {
            "jpeg" => "jpg",
            "mpeg" when mediaType.StartsWith("audio/", StringComparison.Ordinal) => "mp3",
            "svg+xml" => "svg",
            "plain" => "txt",
            "vnd.openxmlformats-officedocument.wordprocessingml.document" => "docx",
            _ => subtype,
        };
    }
}
