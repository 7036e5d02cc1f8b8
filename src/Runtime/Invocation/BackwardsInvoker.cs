using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dify.Plugin.Serialization;

namespace Dify.Plugin.Invocation;

/// <summary>
/// Sends one backwards invocation through the transport and turns its frames into payloads: an <c>error</c> frame
/// becomes <see cref="DifyInvocationException"/>, silence longer than the timeout becomes
/// <see cref="DifyInvocationTimeoutException"/>, and <c>end</c> ends the sequence.
/// </summary>
internal sealed class BackwardsInvoker(IBackwardsInvocationTransport transport, TimeSpan timeout)
{
    public TimeSpan Timeout { get; } = timeout;

    public async IAsyncEnumerable<TResponse> InvokeAsync<TRequest, TResponse>(
        InvokeType type,
        TRequest request,
        JsonTypeInfo<TRequest> requestInfo,
        JsonTypeInfo<TResponse> responseInfo,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestInfo);
        var requestId = Guid.NewGuid().ToString("N");
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var invocation = new BackwardsInvocationRequest(type, requestId, body);
        var frames = transport is IDecodingBackwardsTransport decoding
            ? decoding.InvokeAsync(invocation, responseInfo, timeoutSource.Token)
            : AsDecoded<TResponse>(transport.InvokeAsync(invocation, timeoutSource.Token));
        await using var enumerator = frames.GetAsyncEnumerator(timeoutSource.Token);
        using var silence = new SilenceWatch(timeoutSource, Timeout);
        while (true)
        {
            // The timeout counts silence, as the Python SDK's MAX_INVOCATION_TIMEOUT does: it restarts at every frame.
            silence.Restart();
            bool hasFrame;
            try
            {
                hasFrame = await enumerator.MoveNextAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new DifyInvocationTimeoutException(type, Timeout);
            }

            if (!hasFrame)
            {
                throw new DifyProtocolException(
                    $"The '{type.ToWireName()}' invocation {requestId} ended without an 'end' frame; the connection to Dify was probably lost.");
            }

            if (enumerator.Current is not { Frame: { } frame })
            {
                // Deserialized by the transport, which hands over a payload only when it read a non-null value.
                yield return enumerator.Current.Value!;
                continue;
            }

            switch (frame.Event)
            {
                case BackwardsResponseEvent.End:
                    yield break;
                case BackwardsResponseEvent.Error:
                    throw new DifyInvocationException(type, frame.Message, requestId);
                case BackwardsResponseEvent.Response when frame.Data is { } data:
                    yield return Deserialize(type, data, responseInfo);
                    break;
                default:
                    throw new DifyProtocolException($"The '{type.ToWireName()}' invocation {requestId} got a response frame without data.");
            }
        }
    }

    public async Task<TResponse> InvokeSingleAsync<TRequest, TResponse>(
        InvokeType type,
        TRequest request,
        JsonTypeInfo<TRequest> requestInfo,
        JsonTypeInfo<TResponse> responseInfo,
        CancellationToken cancellationToken)
    {
        // Read to the 'end' frame, so that a late 'error' is not lost and the transport can release the request.
        var received = false;
        TResponse? first = default;
        await foreach (var response in InvokeAsync(type, request, requestInfo, responseInfo, cancellationToken).ConfigureAwait(false))
        {
            if (!received)
            {
                first = response;
                received = true;
            }
        }

        if (received)
        {
            return first!;
        }

        throw new DifyProtocolException($"The '{type.ToWireName()}' invocation ended without a response.");
    }

    private static async IAsyncEnumerable<DecodedFrame<TResponse>> AsDecoded<TResponse>(IAsyncEnumerable<BackwardsResponseFrame> frames, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var frame in frames.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return DecodedFrame<TResponse>.Of(frame);
        }
    }

    private static TResponse Deserialize<TResponse>(InvokeType type, JsonElement data, JsonTypeInfo<TResponse> info)
    {
        try
        {
            return data.Deserialize(info)
                ?? throw new DifyProtocolException($"The '{type.ToWireName()}' invocation returned null where {typeof(TResponse).Name} was expected.");
        }
        catch (JsonException exception)
        {
            throw new DifyProtocolException(
                $"The '{type.ToWireName()}' invocation returned data that is not a valid {typeof(TResponse).Name}: {exception.Message}",
                exception);
        }
    }
}
