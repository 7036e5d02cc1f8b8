using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Dify.Plugin.Invocation;
using Dify.Plugin.Serialization;

namespace Dify.Plugin;

/// <summary>
/// Stores files in Dify (Python SDK: <c>session.file</c>). Dify hands out a signed upload URL (<c>upload_file</c>), and the
/// file goes there as a multipart POST. The daemon needs no manifest permission for it.
/// </summary>
public sealed class FileInvocation
{
    private readonly BackwardsInvoker _invoker;
    private readonly HttpClient _httpClient;

    internal FileInvocation(BackwardsInvoker invoker, HttpClient httpClient)
    {
        _invoker = invoker;
        _httpClient = httpClient;
    }

    /// <summary>Uploads a file (<c>upload</c>) and returns the file Dify stored.</summary>
    /// <param name="filename">The file name, with its extension.</param>
    /// <param name="content">The bytes.</param>
    /// <param name="mimeType">The MIME type, such as <c>image/png</c>.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    /// <exception cref="DifyInvocationException">Dify refused to hand out an upload URL.</exception>
    /// <exception cref="DifyProtocolException">Dify gave no URL, or the upload was not answered with 201 Created and the file.</exception>
    public async Task<UploadedFile> UploadAsync(string filename, ReadOnlyMemory<byte> content, string mimeType, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(filename);
        ArgumentException.ThrowIfNullOrEmpty(mimeType);
        var target = await _invoker.InvokeSingleAsync(
            InvokeType.UploadFile,
            new UploadFileInvokeRequest { Filename = filename, Mimetype = mimeType },
            DifyJsonContext.Default.UploadFileInvokeRequest,
            DifyJsonContext.Default.UploadUrlPayload,
            cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(target.Url))
        {
            throw new DifyProtocolException("upload file failed, could not get signed url");
        }

        using var form = new MultipartFormDataContent();
        var file = new ReadOnlyMemoryContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(mimeType);
        form.Add(file, "file", filename);
        using var response = await _httpClient.PostAsync(target.Url, form, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new DifyProtocolException($"upload file failed, status code: {(int)response.StatusCode}, response: {body}");
        }

        try
        {
            return JsonSerializer.Deserialize(body, DifyJsonContext.Default.UploadedFile)
                ?? throw new DifyProtocolException("upload file failed, the upload answered null.");
        }
        catch (JsonException exception)
        {
            throw new DifyProtocolException($"upload file failed, the upload answered something that is not a file: {exception.Message}", exception);
        }
    }

    /// <summary>Uploads a file read to its end from <paramref name="content"/>.</summary>
    /// <param name="filename">The file name, with its extension.</param>
    /// <param name="content">The bytes.</param>
    /// <param name="mimeType">The MIME type.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public async Task<UploadedFile> UploadAsync(string filename, Stream content, string mimeType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return await UploadAsync(filename, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), mimeType, cancellationToken).ConfigureAwait(false);
    }
}
