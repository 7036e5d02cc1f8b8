using System.Collections.Concurrent;
using System.Text.Json;

namespace Dify.Plugin.Hosting;

/// <summary>
/// The bytes before the payload of the last <c>backwards_response</c> line that <see cref="BackwardsResponseRouter"/>
/// read to a staged payload, with the session and invocation they named. The chunks of one stream differ only in their
/// payloads, so a line that starts with these bytes is read from its payload on: read token by token, the same bytes
/// would name the same session and invocation and leave the reader on the payload, as they did.
/// </summary>
internal sealed class StreamPrefix
{
    // The payload is the invocation's data object's last value, and that object the envelope's: "}}" ends the line.
    private static ReadOnlySpan<byte> Closing => "}}"u8;

    private readonly byte[] _bytes;
    private readonly HostSession _session;
    private readonly string _backwardsRequestId;
    private readonly PendingInvocation _pending;
    private readonly string _message;

    private StreamPrefix(byte[] bytes, HostSession session, string backwardsRequestId, PendingInvocation pending, string message)
    {
        _bytes = bytes;
        _session = session;
        _backwardsRequestId = backwardsRequestId;
        _pending = pending;
        _message = message;
    }

    /// <summary>
    /// The prefix of a line just staged for <paramref name="pending"/>, whose <c>message</c> (which the prefix holds)
    /// was <paramref name="message"/>; <paramref name="last"/> when it is the same.
    /// </summary>
    public static StreamPrefix? After(StreamPrefix? last, ReadOnlySpan<byte> prefix, HostSession session, PendingInvocation pending, string message)
    {
        if (last is not null && ReferenceEquals(last._pending, pending) && prefix.SequenceEqual(last._bytes))
        {
            return last;
        }

        return session.LastFoundPendingId is { } id ? new StreamPrefix(prefix.ToArray(), session, id, pending, message) : null;
    }

    /// <summary>
    /// Stages the payload of <paramref name="line"/> when the line is this prefix, one JSON value and <c>}}</c>, and the
    /// session and invocation still run, as the full reading would; false otherwise, with nothing staged.
    /// </summary>
    public bool TryStage(ReadOnlySpan<byte> line, ConcurrentDictionary<string, HostSession> sessions, out PendingInvocation? pending)
    {
        pending = null;
        if (line.Length <= _bytes.Length + Closing.Length || !line.StartsWith(_bytes) || !line.EndsWith(Closing)
            || !sessions.TryGetValue(_session.SessionId, out var session) || !ReferenceEquals(session, _session)
            || !session.IsWaiting(_backwardsRequestId, _pending))
        {
            return false;
        }

        var payload = line[_bytes.Length..^Closing.Length];
        try
        {
            // A payload that is null, does not fit its type, or ends before the closing braces: the full reading decides.
            if (_pending.StagePayload(payload, _message))
            {
                pending = _pending;
                return true;
            }
        }
        catch (Exception)
        {
            _pending.Unstage();
        }

        return false;
    }
}
