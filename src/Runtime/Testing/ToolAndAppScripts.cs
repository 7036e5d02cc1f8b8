using System.Text.Json;
using System.Text.Json.Nodes;
using Dify.Plugin.Invocation;

namespace Dify.Plugin.Testing;

/// <summary>A tool call as the test session received it.</summary>
/// <param name="ToolType">The provider type as sent (<c>builtin</c>, <c>workflow</c>, <c>api</c>, <c>mcp</c>).</param>
/// <param name="Provider">The provider.</param>
/// <param name="Tool">The tool's name.</param>
/// <param name="Parameters">The tool parameters.</param>
/// <param name="AppId">The app id sent along, if any.</param>
/// <param name="CredentialId">The credential id sent along, if any.</param>
/// <param name="Json">The whole request as it would go to Dify.</param>
public sealed record RecordedToolRequest(string ToolType, string Provider, string Tool, JsonObject Parameters, string? AppId, string? CredentialId, JsonObject Json);

/// <summary>Scripts <c>session.Tool</c>.</summary>
public sealed class ToolScript
{
    internal ToolScript(ScriptedEndpoint endpoint) => Endpoint = endpoint;

    /// <summary>The underlying endpoint: its requests and raw frames.</summary>
    public ScriptedEndpoint Endpoint { get; }

    /// <summary>The requests received, parsed.</summary>
    public IReadOnlyList<RecordedToolRequest> Requests => Endpoint.Requests.Select(Parse).ToArray();

    /// <summary>Answers the next call with these messages, one <c>stream</c> frame each, as Dify relays another tool's output.</summary>
    public void RespondWithMessages(params ToolInvokeMessage[] messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        Endpoint.Enqueue([.. messages.Select(ToFrame), BackwardsResponseFrame.End]);
    }

    /// <summary>Answers every call not answered by a queued script with the messages <paramref name="responder"/> makes.</summary>
    public void RespondUsing(Func<RecordedToolRequest, IEnumerable<ToolInvokeMessage>> responder)
    {
        ArgumentNullException.ThrowIfNull(responder);
        Endpoint.RespondUsing(request => responder(Parse(request)).Select(ToFrame));
    }

    /// <summary>Answers the next call with Dify's <c>error</c> frame.</summary>
    public void RespondWithError(string message) => Endpoint.EnqueueError(message);

    private static BackwardsResponseFrame ToFrame(ToolInvokeMessage message)
    {
        using var document = JsonDocument.Parse(message.ToJsonString());
        return BackwardsResponseFrame.Stream(document.RootElement.Clone());
    }

    private static RecordedToolRequest Parse(BackwardsInvocationRequest request)
    {
        var json = ScriptJson.Parse(request);
        return new RecordedToolRequest(
            (string)json["tool_type"]!,
            (string)json["provider"]!,
            (string)json["tool"]!,
            json["tool_parameters"]?.DeepClone().AsObject() ?? [],
            (string?)json["app_id"],
            (string?)json["credential_id"],
            json);
    }
}

/// <summary>An app call as the test session received it.</summary>
/// <param name="AppId">The app.</param>
/// <param name="Query">The user's message of a chat app call; <see langword="null"/> for completion and workflow apps.</param>
/// <param name="Inputs">The inputs.</param>
/// <param name="ResponseMode"><c>streaming</c> or <c>blocking</c>.</param>
/// <param name="ConversationId">The conversation of a chat app call, if any.</param>
/// <param name="User">The user sent, if any.</param>
/// <param name="Json">The whole request as it would go to Dify.</param>
public sealed record RecordedAppRequest(string AppId, string? Query, JsonObject Inputs, string ResponseMode, string? ConversationId, string? User, JsonObject Json);

/// <summary>Scripts <c>session.App</c>'s chat, completion and workflow calls (they share the <c>app</c> invocation).</summary>
public sealed class AppScript
{
    internal AppScript(ScriptedEndpoint endpoint) => Endpoint = endpoint;

    /// <summary>The underlying endpoint: its requests and raw frames.</summary>
    public ScriptedEndpoint Endpoint { get; }

    /// <summary>The requests received, parsed.</summary>
    public IReadOnlyList<RecordedAppRequest> Requests => Endpoint.Requests.Select(Parse).ToArray();

    /// <summary>
    /// Answers the next call with these app events, one <c>stream</c> frame each (Dify sends the blocking answer as a
    /// single <c>stream</c> frame too).
    /// </summary>
    public void RespondWith(params JsonObject[] events)
    {
        ArgumentNullException.ThrowIfNull(events);
        Endpoint.Enqueue([.. events.Select(ToFrame), BackwardsResponseFrame.End]);
    }

    /// <summary>Answers every call not answered by a queued script with the events <paramref name="responder"/> makes.</summary>
    public void RespondUsing(Func<RecordedAppRequest, IEnumerable<JsonObject>> responder)
    {
        ArgumentNullException.ThrowIfNull(responder);
        Endpoint.RespondUsing(request => responder(Parse(request)).Select(ToFrame));
    }

    /// <summary>Answers the next call with Dify's <c>error</c> frame.</summary>
    public void RespondWithError(string message) => Endpoint.EnqueueError(message);

    private static BackwardsResponseFrame ToFrame(JsonObject appEvent) => BackwardsResponseFrame.Stream(TestSession.ToElement(appEvent));

    private static RecordedAppRequest Parse(BackwardsInvocationRequest request)
    {
        var json = ScriptJson.Parse(request);
        return new RecordedAppRequest(
            (string)json["app_id"]!,
            (string?)json["query"],
            json["inputs"]?.DeepClone().AsObject() ?? [],
            (string)json["response_mode"]!,
            (string?)json["conversation_id"],
            (string?)json["user"],
            json);
    }
}

internal static class ScriptJson
{
    public static JsonObject Parse(BackwardsInvocationRequest request) => JsonNode.Parse(request.RequestJson.Span)!.AsObject();
}
