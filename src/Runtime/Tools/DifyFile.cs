using System.Text.Json;

namespace Dify.Plugin;

/// <summary>The kind of a file Dify passes to a tool.</summary>
public enum DifyFileType
{
    /// <summary><c>image</c></summary>
    Image,

    /// <summary><c>document</c></summary>
    Document,

    /// <summary><c>audio</c></summary>
    Audio,

    /// <summary><c>video</c></summary>
    Video,

    /// <summary><c>custom</c></summary>
    Custom,
}

/// <summary>
/// A file passed to a <c>file</c> or <c>files</c> parameter (Python SDK: <c>File</c>). Dify sends a signed URL; the
/// content is downloaded on first use.
/// </summary>
public sealed class DifyFile
{
    /// <summary>The marker Dify puts in <c>dify_model_identity</c>.</summary>
    public const string DifyModelIdentity = "__dify__file__";

    private byte[]? _content;

    /// <summary>Creates a file.</summary>
    public DifyFile(string url, DifyFileType type)
    {
        ArgumentNullException.ThrowIfNull(url);
        Url = url;
        Type = type;
    }

    /// <summary>Where the file can be downloaded (a signed URL).</summary>
    public string Url { get; }

    /// <summary>The kind of file.</summary>
    public DifyFileType Type { get; }

    /// <summary>The MIME type, if known.</summary>
    public string? MimeType { get; init; }

    /// <summary>The file name, if known.</summary>
    public string? Filename { get; init; }

    /// <summary>The extension (with its dot, as Dify sends it), if known.</summary>
    public string? Extension { get; init; }

    /// <summary>The size in bytes, if known.</summary>
    public long? Size { get; init; }

    /// <summary>
    /// The client used to download files. Defaults to a shared client with a 5-second timeout (the SDK's
    /// <c>HTTPX_TIMEOUT</c>); replace it to add a proxy or handlers.
    /// </summary>
    public static HttpClient HttpClient { get; set; } = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>Downloads the file (once; later calls return the same bytes).</summary>
    /// <exception cref="InvalidOperationException">The URL is not absolute, or the download failed.</exception>
    public async Task<byte[]> GetBytesAsync(CancellationToken cancellationToken = default)
    {
        if (_content is { } cached)
        {
            return cached;
        }

        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException(
                $"Invalid file URL '{Url}': Dify sent a URL that is not absolute http(s). Set FILES_URL in the Dify API's .env "
                + "(for example FILES_URL=http://api:5001) so that plugins receive absolute file URLs, then restart Dify.");
        }

        try
        {
            _content = await HttpClient.GetByteArrayAsync(uri, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw new InvalidOperationException($"Could not download file '{Filename ?? Url}' from Dify: {exception.Message}", exception);
        }

        return _content;
    }

    /// <summary>Opens the file's content for reading (downloads it first if needed).</summary>
    public async Task<Stream> OpenReadAsync(CancellationToken cancellationToken = default) =>
        new MemoryStream(await GetBytesAsync(cancellationToken).ConfigureAwait(false), writable: false);

    /// <summary>Reads a file value: <c>{"dify_model_identity": "__dify__file__", "url", "type", …}</c>.</summary>
    /// <exception cref="ToolParametersException">The value is not a file.</exception>
    public static DifyFile FromJson(JsonElement value, string parameterName)
    {
        if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 1)
        {
            // Dify unwraps a one-element list for a `file` parameter; do the same.
            value = value[0];
        }

        if (value.ValueKind != JsonValueKind.Object || ModelSelector.GetString(value, "url") is not { } url)
        {
            throw new ToolParametersException(null, [new ToolParameterProblem(parameterName, "type", "expected a file object with a url.")]);
        }

        var type = ModelSelector.GetString(value, "type") switch
        {
            "image" => DifyFileType.Image,
            "document" => DifyFileType.Document,
            "audio" => DifyFileType.Audio,
            "video" => DifyFileType.Video,
            _ => DifyFileType.Custom,
        };
        return new DifyFile(url, type)
        {
            MimeType = ModelSelector.GetString(value, "mime_type"),
            Filename = ModelSelector.GetString(value, "filename"),
            Extension = ModelSelector.GetString(value, "extension"),
            Size = value.TryGetProperty("size", out var size) && size.ValueKind == JsonValueKind.Number && size.TryGetInt64(out var bytes) ? bytes : null,
        };
    }

    /// <summary>Reads a <c>files</c> value: a list of files (a single file is wrapped, as Dify does).</summary>
    public static IReadOnlyList<DifyFile> ListFromJson(JsonElement value, string parameterName)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            return [FromJson(value, parameterName)];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new ToolParametersException(null, [new ToolParameterProblem(parameterName, "type", "expected a list of files.")]);
        }

        var files = new List<DifyFile>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            files.Add(FromJson(item, parameterName));
        }

        return files;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Filename ?? "(unnamed)"} ({MimeType ?? Type.ToString()}, {Size?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} bytes)";
}
