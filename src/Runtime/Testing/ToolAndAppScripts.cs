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

/// <summary>Scripts <c>session.Tool</c>: each message of another tool's output is one <c>stream</c> frame, as Dify relays it.</summary>
public sealed class ToolScript : StreamingScript<RecordedToolRequest, ToolInvokeMessage>
{
    internal ToolScript(ScriptedEndpoint endpoint)
        : base(endpoint)
    {
    }

    private protected override BackwardsResponseFrame ToFrame(ToolInvokeMessage item)
    {
        using var document = JsonDocument.Parse(item.ToJsonString());
        return BackwardsResponseFrame.Stream(document.RootElement.Clone());
    }

    private protected override RecordedToolRequest Parse(JsonObject json) => new(
        (string)json["tool_type"]!,
        (string)json["provider"]!,
        (string)json["tool"]!,
        json["tool_parameters"]?.DeepClone().AsObject() ?? [],
        (string?)json["app_id"],
        (string?)json["credential_id"],
        json);
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

/// <summary>
/// Scripts <c>session.App</c>'s chat, completion and workflow calls (they share the <c>app</c> invocation): each app
/// event is one <c>stream</c> frame; Dify sends a blocking answer as a single <c>stream</c> frame too.
/// </summary>
public sealed class AppScript : StreamingScript<RecordedAppRequest, JsonObject>
{
    internal AppScript(ScriptedEndpoint endpoint)
        : base(endpoint)
    {
    }

    private protected override BackwardsResponseFrame ToFrame(JsonObject item) => BackwardsResponseFrame.Stream(TestSession.ToElement(item));

    private protected override RecordedAppRequest Parse(JsonObject json) => new(
        (string)json["app_id"]!,
        (string?)json["query"],
        json["inputs"]?.DeepClone().AsObject() ?? [],
        (string)json["response_mode"]!,
        (string?)json["conversation_id"],
        (string?)json["user"],
        json);
}

/// <summary>Scripts an invocation whose answer is a stream of items, one <c>stream</c> frame each.</summary>
/// <typeparam name="TRequest">The request as the script parses it.</typeparam>
/// <typeparam name="TItem">One item of the answer.</typeparam>
public abstract class StreamingScript<TRequest, TItem>
{
    private protected StreamingScript(ScriptedEndpoint endpoint) => Endpoint = endpoint;

    /// <summary>The underlying endpoint: its requests and raw frames.</summary>
    public ScriptedEndpoint Endpoint { get; }

    /// <summary>The requests received, parsed.</summary>
    public IReadOnlyList<TRequest> Requests => Endpoint.Requests.Select(request => Parse(ScriptJson.Parse(request))).ToArray();

    /// <summary>Answers the next call with these items.</summary>
    public void RespondWith(params TItem[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Endpoint.Enqueue([.. items.Select(ToFrame), BackwardsResponseFrame.End]);
    }

    /// <summary>Answers every call not answered by a queued script with the items <paramref name="responder"/> makes.</summary>
    public void RespondUsing(Func<TRequest, IEnumerable<TItem>> responder)
    {
        ArgumentNullException.ThrowIfNull(responder);
        Endpoint.RespondUsing(request => responder(Parse(ScriptJson.Parse(request))).Select(ToFrame));
    }

    /// <summary>Answers the next call with Dify's <c>error</c> frame.</summary>
    public void RespondWithError(string message) => Endpoint.EnqueueError(message);

    private protected abstract BackwardsResponseFrame ToFrame(TItem item);

    private protected abstract TRequest Parse(JsonObject json);
}

internal static class ScriptJson
{
    public static JsonObject Parse(BackwardsInvocationRequest request) => JsonNode.Parse(request.RequestJson.Span)!.AsObject();
}
