using System.Text.Json;

namespace Dify.Plugin.Invocation;

/// <summary>
/// The seam between the model endpoints and Dify: sends one backwards invocation and yields the daemon's response
/// frames for it, in order, up to and including <see cref="BackwardsResponseEvent.End"/>. The plugin host implements
/// it over the plugin protocol; <see cref="Testing.TestSession"/> implements it for tests.
/// </summary>
public interface IBackwardsInvocationTransport
{
    /// <summary>Sends <paramref name="request"/> and yields its response frames.</summary>
    /// <param name="request">The invocation: its type, correlation id and the request body as UTF-8 JSON.</param>
    /// <param name="cancellationToken">Ends the call; the enumeration then throws <see cref="OperationCanceledException"/>.</param>
    IAsyncEnumerable<BackwardsResponseFrame> InvokeAsync(BackwardsInvocationRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// One backwards invocation as it goes out inside
/// <c>{"type": "invoke", "data": {"type": …, "backwards_request_id": …, "request": …}}</c>.
/// </summary>
/// <param name="Type">The invocation type.</param>
/// <param name="BackwardsRequestId">The id the daemon echoes on every response frame (a UUID4 in hex).</param>
/// <param name="RequestJson">The <c>request</c> object, UTF-8 JSON.</param>
public sealed record BackwardsInvocationRequest(InvokeType Type, string BackwardsRequestId, ReadOnlyMemory<byte> RequestJson)
{
    /// <summary>The request object, parsed (for tests and logs).</summary>
    public JsonElement ParseRequest()
    {
        using var document = JsonDocument.Parse(RequestJson);
        return document.RootElement.Clone();
    }
}

/// <summary>The <c>event</c> of a <c>backwards_response</c> frame.</summary>
public enum BackwardsResponseEvent
{
    /// <summary><c>response</c>: data follows; <see cref="BackwardsResponseFrame.Message"/> is <c>stream</c> or <c>struct</c>.</summary>
    Response,

    /// <summary><c>error</c>: the invocation failed; <see cref="BackwardsResponseFrame.Message"/> says why.</summary>
    Error,

    /// <summary><c>end</c>: no more frames.</summary>
    End,
}

/// <summary>
/// The <c>data</c> of one <c>backwards_response</c> line:
/// <c>{"backwards_request_id": …, "event": "response" | "error" | "end", "message": …, "data": …}</c>.
/// </summary>
/// <param name="Event">What kind of frame this is.</param>
/// <param name="Message"><c>stream</c> or <c>struct</c> for responses, the error text for errors, empty for the end.</param>
/// <param name="Data">The payload of a response frame.</param>
public sealed record BackwardsResponseFrame(BackwardsResponseEvent Event, string Message, JsonElement? Data)
{
    /// <summary>A <c>response</c> frame of kind <c>stream</c>.</summary>
    public static BackwardsResponseFrame Stream(JsonElement data) => new(BackwardsResponseEvent.Response, "stream", data);

    /// <summary>A <c>response</c> frame of kind <c>struct</c>.</summary>
    public static BackwardsResponseFrame Struct(JsonElement data) => new(BackwardsResponseEvent.Response, "struct", data);

    /// <summary>An <c>error</c> frame.</summary>
    public static BackwardsResponseFrame Error(string message) => new(BackwardsResponseEvent.Error, message, null);

    /// <summary>The <c>end</c> frame.</summary>
    public static BackwardsResponseFrame End { get; } = new(BackwardsResponseEvent.End, "", null);
}
