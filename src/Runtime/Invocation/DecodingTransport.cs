using System.Text.Json.Serialization.Metadata;

namespace Dify.Plugin.Invocation;

/// <summary>
/// One frame of a backwards invocation whose transport deserialized the payload itself: either the value (a response
/// frame read straight from the line's bytes) or the frame as <see cref="IBackwardsInvocationTransport"/> gives it,
/// for everything else (error, end, a payload the transport left to the caller).
/// </summary>
internal readonly record struct DecodedFrame<TResponse>(BackwardsResponseFrame? Frame, TResponse? Value)
{
    public static DecodedFrame<TResponse> Of(BackwardsResponseFrame frame) => new(frame, default);
}

/// <summary>
/// A transport that deserializes response payloads where it reads them (the plugin host, from each line's UTF-8 bytes),
/// so that a chunk is deserialized once, without an intermediate <see cref="System.Text.Json.JsonElement"/>.
/// </summary>
internal interface IDecodingBackwardsTransport
{
    /// <summary>Sends <paramref name="request"/> and yields its frames, response payloads deserialized with <paramref name="responseInfo"/> where possible.</summary>
    IAsyncEnumerable<DecodedFrame<TResponse>> InvokeAsync<TResponse>(BackwardsInvocationRequest request, JsonTypeInfo<TResponse> responseInfo, CancellationToken cancellationToken);
}
