using System.Text.Json.Nodes;
using Dify.Plugin.Invocation;
using Dify.Plugin.Serialization;

namespace Dify.Plugin;

/// <summary>
/// Calls the workspace's apps (Python SDK: <c>session.app</c>). Needs <c>resource.permission.app.enabled</c> in
/// <c>manifest.yaml</c>. An <c>app-selector</c> parameter's <see cref="AppSelection"/> goes straight into each call.
/// </summary>
public sealed class AppInvocations
{
    private readonly BackwardsInvoker _invoker;

    internal AppInvocations(BackwardsInvoker invoker)
    {
        _invoker = invoker;
        Chat = new ChatAppInvocation(invoker);
        Completion = new InputsAppInvocation(invoker);
        Workflow = new InputsAppInvocation(invoker);
    }

    /// <summary>Chat, chatflow and agent apps (<c>session.app.chat</c>).</summary>
    public ChatAppInvocation Chat { get; }

    /// <summary>Text generation apps (<c>session.app.completion</c>).</summary>
    public InputsAppInvocation Completion { get; }

    /// <summary>Workflow apps (<c>session.app.workflow</c>).</summary>
    public InputsAppInvocation Workflow { get; }

    /// <summary>Reads an app's description and settings (<c>session.app.fetch_app</c>), as Dify returns them.</summary>
    /// <param name="appId">The app.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public Task<JsonObject> FetchAppAsync(string appId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        return _invoker.InvokeSingleAsync(
            InvokeType.FetchApp,
            new FetchAppRequest { AppId = appId },
            DifyJsonContext.Default.FetchAppRequest,
            DifyJsonContext.Default.JsonObject,
            cancellationToken);
    }
}

/// <summary>The response modes of an app call, as the wire spells them in <c>response_mode</c>.</summary>
internal static class AppResponseMode
{
    public const string Streaming = "streaming";
    public const string Blocking = "blocking";
}

/// <summary>
/// Calls a chat app (Python SDK: <c>session.app.chat.invoke</c>). Each response is one of Dify's app events as a JSON
/// object, as the Service API returns them: in streaming mode <c>message</c>, <c>agent_thought</c>,
/// <c>message_end</c>… chunks; in blocking mode the whole answer with <c>answer</c>, <c>conversation_id</c> and
/// <c>metadata</c>.
/// </summary>
public sealed class ChatAppInvocation
{
    private readonly BackwardsInvoker _invoker;

    internal ChatAppInvocation(BackwardsInvoker invoker) => _invoker = invoker;

    /// <summary>Sends <paramref name="query"/> and streams the app's events (<c>response_mode="streaming"</c>).</summary>
    /// <param name="appId">The app.</param>
    /// <param name="query">The user's message.</param>
    /// <param name="inputs">The app's input variables.</param>
    /// <param name="conversationId">The conversation to continue; a new one when omitted.</param>
    /// <param name="user">The end user; Dify's session user when omitted.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public IAsyncEnumerable<JsonObject> InvokeStreamingAsync(string appId, string query, JsonObject inputs, string? conversationId = null, string? user = null, CancellationToken cancellationToken = default) =>
        _invoker.InvokeAsync(InvokeType.App, Request(appId, query, inputs, AppResponseMode.Streaming, conversationId, user), DifyJsonContext.Default.ChatAppInvokeRequest, DifyJsonContext.Default.JsonObject, cancellationToken);

    /// <summary>Sends <paramref name="query"/> to the app chosen in an <c>app-selector</c> parameter, with its inputs, and streams the app's events.</summary>
    /// <param name="app">The selection; its <see cref="AppSelection.Inputs"/> are sent (the invocation has no field for its files).</param>
    /// <param name="query">The user's message.</param>
    /// <param name="conversationId">The conversation to continue; a new one when omitted.</param>
    /// <param name="user">The end user; Dify's session user when omitted.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public IAsyncEnumerable<JsonObject> InvokeStreamingAsync(AppSelection app, string query, string? conversationId = null, string? user = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        return InvokeStreamingAsync(app.AppId, query, app.Inputs, conversationId, user, cancellationToken);
    }

    /// <summary>Sends <paramref name="query"/> and returns the app's whole answer (<c>response_mode="blocking"</c>).</summary>
    /// <param name="appId">The app.</param>
    /// <param name="query">The user's message.</param>
    /// <param name="inputs">The app's input variables.</param>
    /// <param name="conversationId">The conversation to continue; a new one when omitted.</param>
    /// <param name="user">The end user; Dify's session user when omitted.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public Task<JsonObject> InvokeAsync(string appId, string query, JsonObject inputs, string? conversationId = null, string? user = null, CancellationToken cancellationToken = default) =>
        _invoker.InvokeSingleAsync(InvokeType.App, Request(appId, query, inputs, AppResponseMode.Blocking, conversationId, user), DifyJsonContext.Default.ChatAppInvokeRequest, DifyJsonContext.Default.JsonObject, cancellationToken);

    /// <summary>Sends <paramref name="query"/> to the app chosen in an <c>app-selector</c> parameter and returns its whole answer.</summary>
    /// <param name="app">The selection; its <see cref="AppSelection.Inputs"/> are sent (the invocation has no field for its files).</param>
    /// <param name="query">The user's message.</param>
    /// <param name="conversationId">The conversation to continue; a new one when omitted.</param>
    /// <param name="user">The end user; Dify's session user when omitted.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public Task<JsonObject> InvokeAsync(AppSelection app, string query, string? conversationId = null, string? user = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        return InvokeAsync(app.AppId, query, app.Inputs, conversationId, user, cancellationToken);
    }

    private static ChatAppInvokeRequest Request(string appId, string query, JsonObject inputs, string responseMode, string? conversationId, string? user)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(inputs);
        return new ChatAppInvokeRequest
        {
            AppId = appId,
            Query = query,
            Inputs = (JsonObject)inputs.DeepClone(),
            ResponseMode = responseMode,
            ConversationId = conversationId,
            User = user,
        };
    }
}

/// <summary>
/// Calls an app that takes only inputs: a completion app (<c>session.app.completion</c>) or a workflow app
/// (<c>session.app.workflow</c>); both send the same request. Each response is one of Dify's app events as a JSON
/// object, as the Service API returns them.
/// </summary>
public sealed class InputsAppInvocation
{
    private readonly BackwardsInvoker _invoker;

    internal InputsAppInvocation(BackwardsInvoker invoker) => _invoker = invoker;

    /// <summary>Runs the app and streams its events (<c>response_mode="streaming"</c>).</summary>
    /// <param name="appId">The app.</param>
    /// <param name="inputs">The app's input variables.</param>
    /// <param name="user">The end user; Dify's session user when omitted.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public IAsyncEnumerable<JsonObject> InvokeStreamingAsync(string appId, JsonObject inputs, string? user = null, CancellationToken cancellationToken = default) =>
        _invoker.InvokeAsync(InvokeType.App, Request(appId, inputs, AppResponseMode.Streaming, user), DifyJsonContext.Default.AppInvokeRequest, DifyJsonContext.Default.JsonObject, cancellationToken);

    /// <summary>Runs the app chosen in an <c>app-selector</c> parameter with its inputs and streams its events.</summary>
    /// <param name="app">The selection; its <see cref="AppSelection.Inputs"/> are sent (the invocation has no field for its files).</param>
    /// <param name="user">The end user; Dify's session user when omitted.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public IAsyncEnumerable<JsonObject> InvokeStreamingAsync(AppSelection app, string? user = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        return InvokeStreamingAsync(app.AppId, app.Inputs, user, cancellationToken);
    }

    /// <summary>Runs the app and returns its whole result (<c>response_mode="blocking"</c>, the SDK's default here).</summary>
    /// <param name="appId">The app.</param>
    /// <param name="inputs">The app's input variables.</param>
    /// <param name="user">The end user; Dify's session user when omitted.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public Task<JsonObject> InvokeAsync(string appId, JsonObject inputs, string? user = null, CancellationToken cancellationToken = default) =>
        _invoker.InvokeSingleAsync(InvokeType.App, Request(appId, inputs, AppResponseMode.Blocking, user), DifyJsonContext.Default.AppInvokeRequest, DifyJsonContext.Default.JsonObject, cancellationToken);

    /// <summary>Runs the app chosen in an <c>app-selector</c> parameter with its inputs and returns its whole result.</summary>
    /// <param name="app">The selection; its <see cref="AppSelection.Inputs"/> are sent (the invocation has no field for its files).</param>
    /// <param name="user">The end user; Dify's session user when omitted.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public Task<JsonObject> InvokeAsync(AppSelection app, string? user = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        return InvokeAsync(app.AppId, app.Inputs, user, cancellationToken);
    }

    private static AppInvokeRequest Request(string appId, JsonObject inputs, string responseMode, string? user)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentNullException.ThrowIfNull(inputs);
        return new AppInvokeRequest { AppId = appId, Inputs = (JsonObject)inputs.DeepClone(), ResponseMode = responseMode, User = user };
    }
}
