using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dify.Plugin.Invocation;
using Dify.Plugin.Serialization;

namespace Dify.Plugin.Testing;

/// <summary>A file the code under test uploaded.</summary>
/// <param name="Filename">The file name sent with <c>upload_file</c> and in the multipart body.</param>
/// <param name="MimeType">The MIME type sent with <c>upload_file</c>.</param>
/// <param name="Content">The bytes posted to the upload URL.</param>
/// <param name="Result">The file the test session answered with.</param>
public sealed record RecordedUpload(string Filename, string MimeType, byte[] Content, UploadedFile Result);

/// <summary>
/// Scripts <c>session.File</c>: answers <c>upload_file</c> with a signed URL of its own and receives the multipart POST
/// to it through <see cref="HttpClient"/>, which the test session's <see cref="Session"/> uploads with. Unless another
/// file is queued, each upload is stored as <c>test-file-N</c> with the name, size and MIME type it was sent with.
/// </summary>
public sealed class FileScript
{
    private const string UploadUrlPrefix = "https://test-session.invalid/files/upload/";

    private readonly ConcurrentQueue<UploadedFile> _results = new();
    private readonly ConcurrentQueue<RecordedUpload> _uploads = new();
    private readonly ConcurrentDictionary<string, (string Filename, string MimeType)> _pending = new();
    private int _counter;

    internal FileScript(ScriptedEndpoint endpoint)
    {
        Endpoint = endpoint;
        HttpClient = new HttpClient(new UploadHandler(this));
        endpoint.RespondUsing(request =>
        {
            var json = ScriptJson.Parse(request);
            var ticket = Interlocked.Increment(ref _counter).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _pending[ticket] = ((string)json["filename"]!, (string)json["mimetype"]!);
            return [BackwardsResponseFrame.Struct(TestSession.ToElement(new JsonObject { ["url"] = UploadUrlPrefix + ticket }))];
        });
    }

    /// <summary>The underlying endpoint of <c>upload_file</c>: its requests and raw frames.</summary>
    public ScriptedEndpoint Endpoint { get; }

    /// <summary>The <c>upload_file</c> requests (<c>{"filename", "mimetype"}</c>), exactly as they would go to Dify.</summary>
    public IReadOnlyList<JsonObject> Requests => Endpoint.Requests.Select(ScriptJson.Parse).ToArray();

    /// <summary>The files uploaded, in order.</summary>
    public IReadOnlyList<RecordedUpload> Uploads => _uploads.ToArray();

    /// <summary>The client that receives the uploads; the test session's <see cref="Session"/> uses it.</summary>
    public HttpClient HttpClient { get; }

    /// <summary>Answers the next upload with <paramref name="file"/> instead of the default.</summary>
    public void RespondWith(UploadedFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        _results.Enqueue(file);
    }

    /// <summary>Answers the next <c>upload_file</c> request with Dify's <c>error</c> frame.</summary>
    public void RespondWithError(string message) => Endpoint.EnqueueError(message);

    private async Task<HttpResponseMessage> ReceiveAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri?.ToString() ?? "";
        if (request.Method != HttpMethod.Post || !url.StartsWith(UploadUrlPrefix, StringComparison.Ordinal)
            || !_pending.TryRemove(url[UploadUrlPrefix.Length..], out var pending))
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("no such upload URL") };
        }

        var part = (request.Content as MultipartFormDataContent)?.FirstOrDefault(p => p.Headers.ContentDisposition?.Name?.Trim('"') == "file");
        if (part is null)
        {
            return new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("no multipart 'file' field") };
        }

        var content = await part.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var index = _uploads.Count + 1;
        var result = _results.TryDequeue(out var queued) ? queued : new UploadedFile
        {
            Id = $"test-file-{index}",
            Name = pending.Filename,
            Size = content.Length,
            Extension = Path.GetExtension(pending.Filename),
            MimeType = pending.MimeType,
            PreviewUrl = $"https://test-session.invalid/files/tools/test-file-{index}{Path.GetExtension(pending.Filename)}",
        };
        _uploads.Enqueue(new RecordedUpload(pending.Filename, pending.MimeType, content, result));
        return new HttpResponseMessage(HttpStatusCode.Created)
        {
            Content = new StringContent(JsonSerializer.Serialize(result, DifyJsonContext.Default.UploadedFile), System.Text.Encoding.UTF8, "application/json"),
        };
    }

    private sealed class UploadHandler(FileScript script) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            script.ReceiveAsync(request, cancellationToken);
    }
}
