using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Unicode;
using Dify.Plugin.Invocation;

namespace Dify.Plugin.Hosting;

/// <summary>What <see cref="BackwardsResponseRouter.TryRoute"/> made of a line.</summary>
internal enum RouteOutcome
{
    /// <summary>Not a plain <c>backwards_response</c> for a running session: the line goes the general way.</summary>
    General,

    /// <summary>A valid answer to an invocation nobody waits for any more: nothing to do.</summary>
    Dropped,

    /// <summary>A response payload, deserialized and staged on the invocation: commit it.</summary>
    Staged,

    /// <summary>A frame without a payload to deserialize (error, end, a response without data): deliver it.</summary>
    Frame,
}

/// <summary>
/// Routes the daemon's <c>backwards_response</c> lines, the bulk of what it sends while a tool streams a model's answer,
/// in one pass over the line's UTF-8 bytes: the envelope is read token by token and the payload is deserialized where
/// it stands with the invocation's source-generated type, with no <see cref="JsonDocument"/> and no copy. The daemon
/// writes the session id and the invocation's id and event before the payload (its Go structs' field order:
/// internal/core/session_manager/session.go:292-301, internal/core/io_tunnel/backwards_invocation/entities.go:11-16).
/// A line in any other shape, or anything this pass does not vouch for (invalid UTF-8, a repeated key, a payload that
/// does not deserialize), goes the general way, which reads it exactly as before.
/// </summary>
/// <remarks>
/// Every chunk of one stream has the same bytes before its payload (the session's envelope, the invocation's id, event
/// and message), so a line that starts with the bytes of the last line read to a payload is read from its payload on:
/// the envelope was read token by token once and reads the same again (<see cref="StreamPrefix"/>).
/// </remarks>
internal sealed class BackwardsResponseRouter
{
    private RememberedId? _lastSession;
    private StreamPrefix? _lastPrefix;

    /// <summary>Reads <paramref name="line"/> for an invocation of one of the running <paramref name="sessions"/>.</summary>
    public RouteOutcome TryRoute(ReadOnlySpan<byte> line, ConcurrentDictionary<string, HostSession> sessions, out PendingInvocation? pending, out BackwardsResponseFrame? frame)
    {
        pending = null;
        frame = null;
        if (!Utf8.IsValid(line))
        {
            return RouteOutcome.General;
        }

        if (_lastPrefix is { } prefix && prefix.TryStage(line, sessions, out pending))
        {
            return RouteOutcome.Staged;
        }

        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = DaemonLine.MaxDepth });
        var staged = false;
        var payloadStart = 0;
        try
        {
            var outcome = Read(ref reader, sessions, out pending, out frame, ref staged, out var session, ref payloadStart, out var message);

            // Exactly one value per line: anything after it is for the general path to report.
            if (outcome != RouteOutcome.General && reader.Read())
            {
                outcome = RouteOutcome.General;
            }

            if (outcome == RouteOutcome.General && staged)
            {
                pending!.Unstage();
            }

            if (outcome == RouteOutcome.Staged)
            {
                _lastPrefix = StreamPrefix.After(_lastPrefix, line.Slice(0, payloadStart), session!, pending!, message ?? "");
            }

            return outcome;
        }
        catch (Exception)
        {
            // Broken JSON, or a payload its converters refuse in any way: the general path reads the line again and
            // reports either exactly as it always has (to the log, or to the tool as it reads the frame).
            if (staged || pending is not null)
            {
                pending!.Unstage();
            }

            pending = null;
            frame = null;
            return RouteOutcome.General;
        }
    }

    private RouteOutcome Read(ref Utf8JsonReader reader, ConcurrentDictionary<string, HostSession> sessions, out PendingInvocation? pending, out BackwardsResponseFrame? frame, ref bool staged, out HostSession? session, ref int payloadStart, out string? message)
    {
        message = null;
        pending = null;
        frame = null;
        session = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return RouteOutcome.General;
        }

        bool sawEvent = false, sawData = false;
        var outcome = RouteOutcome.General;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("session_id"u8))
            {
                if (session is not null || !reader.Read() || reader.TokenType != JsonTokenType.String || (session = FindSession(ref reader, sessions)) is null)
                {
                    // A repeated key, or an id that is not a running session's (the general path logs that).
                    return RouteOutcome.General;
                }
            }
            else if (reader.ValueTextEquals("event"u8))
            {
                if (sawEvent || !reader.Read() || reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals("backwards_response"u8))
                {
                    return RouteOutcome.General;
                }

                sawEvent = true;
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                if (sawData || session is null || !sawEvent || !reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return RouteOutcome.General;
                }

                sawData = true;
                outcome = ReadData(ref reader, session, out pending, out frame, ref staged, ref payloadStart, out message);
                if (outcome == RouteOutcome.General)
                {
                    return outcome;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return reader.TokenType == JsonTokenType.EndObject && sawData ? outcome : RouteOutcome.General;
    }

    /// <summary>The <c>data</c> object: <c>{"backwards_request_id", "event", "message", "data"}</c>, the reader on its start.</summary>
    private static RouteOutcome ReadData(ref Utf8JsonReader reader, HostSession session, out PendingInvocation? pending, out BackwardsResponseFrame? frame, ref bool staged, ref int payloadStart, out string? message)
    {
        pending = null;
        frame = null;
        message = null;
        bool sawId = false, sawPayload = false;
        BackwardsResponseEvent? kind = null;
        string? unknownEvent = null;
        var sawKind = false;
        var sawMessage = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("backwards_request_id"u8))
            {
                if (sawId || !reader.Read())
                {
                    return RouteOutcome.General;
                }

                sawId = true;
                if (reader.TokenType == JsonTokenType.String)
                {
                    pending = session.FindPending(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("event"u8))
            {
                if (sawKind || !reader.Read())
                {
                    return RouteOutcome.General;
                }

                sawKind = true;
                kind = reader.TokenType != JsonTokenType.String ? null
                    : reader.ValueTextEquals("response"u8) ? BackwardsResponseEvent.Response
                    : reader.ValueTextEquals("error"u8) ? BackwardsResponseEvent.Error
                    : reader.ValueTextEquals("end"u8) ? BackwardsResponseEvent.End
                    : null;
                if (kind is null && reader.TokenType == JsonTokenType.String)
                {
                    unknownEvent = reader.GetString();
                }

                reader.Skip();
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                if (sawMessage || !reader.Read())
                {
                    return RouteOutcome.General;
                }

                sawMessage = true;
                message = reader.TokenType != JsonTokenType.String ? null
                    : reader.ValueTextEquals("stream"u8) ? "stream"
                    : reader.ValueTextEquals("struct"u8) ? "struct"
                    : reader.ValueTextEquals(""u8) ? ""
                    : reader.GetString();
                reader.Skip();
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                if (sawPayload || !reader.Read())
                {
                    return RouteOutcome.General;
                }

                sawPayload = true;
                if (pending is not null && kind == BackwardsResponseEvent.Response)
                {
                    // A payload that is JSON null, or one this invocation does not deserialize, goes the general way.
                    payloadStart = checked((int)reader.TokenStartIndex);
                    if (!(staged = pending.Stage(ref reader)))
                    {
                        return RouteOutcome.General;
                    }
                }
                else if (sawId && sawKind)
                {
                    reader.Skip();
                }
                else
                {
                    // The payload came before the id or the event: the daemon never writes that order.
                    return RouteOutcome.General;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (pending is null)
        {
            return RouteOutcome.Dropped;
        }

        if (staged)
        {
            return RouteOutcome.Staged;
        }

        // As HostSession.DeliverAsync reads the same frame from a JsonElement.
        frame = kind switch
        {
            BackwardsResponseEvent.Response => new BackwardsResponseFrame(BackwardsResponseEvent.Response, message ?? "", null),
            BackwardsResponseEvent.Error => BackwardsResponseFrame.Error(message ?? "unknown error"),
            BackwardsResponseEvent.End => BackwardsResponseFrame.End,
            _ => BackwardsResponseFrame.Error($"unknown backwards response event '{unknownEvent}'"),
        };
        return RouteOutcome.Frame;
    }

    /// <summary>The running session the string token at <paramref name="reader"/> names; the last one is compared as UTF-8.</summary>
    private HostSession? FindSession(ref Utf8JsonReader reader, ConcurrentDictionary<string, HostSession> sessions) =>
        RememberedId.Find(ref reader, sessions, ref _lastSession);
}
