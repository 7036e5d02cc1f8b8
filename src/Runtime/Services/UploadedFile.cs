using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Dify.Plugin;

/// <summary>A file stored in Dify by <see cref="FileInvocation.UploadAsync(string, ReadOnlyMemory{byte}, string, CancellationToken)"/> (Python SDK: <c>UploadFileResponse</c>).</summary>
public sealed record UploadedFile
{
    /// <summary>Dify's id of the stored tool file.</summary>
    public required string Id { get; init; }

    /// <summary>The file name.</summary>
    public required string Name { get; init; }

    /// <summary>The size in bytes.</summary>
    public required long Size { get; init; }

    /// <summary>The extension, as Dify reports it.</summary>
    public required string Extension { get; init; }

    /// <summary>The MIME type.</summary>
    public required string MimeType { get; init; }

    /// <summary>The kind of file: Dify's <c>type</c>, or derived from <see cref="MimeType"/> when Dify sends none.</summary>
    [JsonIgnore]
    public DifyFileType Type => WireType switch
    {
        "image" => DifyFileType.Image,
        "video" => DifyFileType.Video,
        "audio" => DifyFileType.Audio,
        "document" => DifyFileType.Document,
        _ => TypeOf(MimeType),
    };

    /// <summary>A signed URL at which the file can be read, when Dify gives one.</summary>
    public string? PreviewUrl { get; init; }

    [JsonPropertyName("type")]
    [JsonInclude]
    internal string? WireType { get; init; }

    /// <summary>
    /// The file as an input of an app call (<c>to_app_parameter</c>):
    /// <c>{"tool_file_id": …, "transfer_method": "tool_file", "type": …}</c>, the type derived from the MIME type.
    /// </summary>
    public JsonObject ToAppParameter() => new()
    {
        ["tool_file_id"] = Id,
        ["transfer_method"] = "tool_file",
        ["type"] = WireName(TypeOf(MimeType)),
    };

    /// <summary>
    /// A message that returns the stored file to Dify: an image message for images and a link message otherwise, both
    /// with <see cref="PreviewUrl"/>, which Dify downloads into the tool's <c>files</c> output.
    /// </summary>
    /// <exception cref="InvalidOperationException">Dify gave no preview URL.</exception>
    public ToolInvokeMessage ToMessage()
    {
        if (string.IsNullOrEmpty(PreviewUrl))
        {
            throw new InvalidOperationException($"Dify returned no preview_url for the uploaded file '{Name}' ({Id}); pass ToAppParameter() to an app instead.");
        }

        return Type == DifyFileType.Image ? ToolInvokeMessage.CreateImage(PreviewUrl) : ToolInvokeMessage.CreateLink(PreviewUrl);
    }

    // UploadFileResponse.Type.from_mime_type: everything but images, videos and audio is a document.
    private static DifyFileType TypeOf(string mimeType) =>
        mimeType.StartsWith("image/", StringComparison.Ordinal) ? DifyFileType.Image
        : mimeType.StartsWith("video/", StringComparison.Ordinal) ? DifyFileType.Video
        : mimeType.StartsWith("audio/", StringComparison.Ordinal) ? DifyFileType.Audio
        : DifyFileType.Document;

    private static string WireName(DifyFileType type) => type switch
    {
        DifyFileType.Image => "image",
        DifyFileType.Video => "video",
        DifyFileType.Audio => "audio",
        _ => "document",
    };
}
