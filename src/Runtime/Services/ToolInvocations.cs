using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Dify.Plugin.Invocation;
using Dify.Plugin.Serialization;

namespace Dify.Plugin;

/// <summary>The kind of tool provider to call, as the wire spells it in <c>tool_type</c>.</summary>
public enum ToolProviderType
{
    /// <summary><c>builtin</c>: a tool of an installed plugin or of Dify itself.</summary>
    Builtin,

    /// <summary><c>workflow</c>: a workflow published as a tool.</summary>
    Workflow,

    /// <summary><c>api</c>: a custom tool defined from an OpenAPI schema.</summary>
    Api,

    /// <summary><c>mcp</c>: a tool of an MCP server configured in the workspace.</summary>
    Mcp,
}

/// <summary>
/// Calls other tools of the workspace (Python SDK: <c>session.tool</c>). Needs <c>resource.permission.tool.enabled</c>
/// in <c>manifest.yaml</c>.
/// </summary>
public sealed class ToolInvocations
{
    private readonly BackwardsInvoker _invoker;
    private readonly Session _session;

    internal ToolInvocations(BackwardsInvoker invoker, Session session)
    {
        _invoker = invoker;
        _session = session;
    }

    /// <summary>Calls a builtin tool (<c>invoke_builtin_tool</c>) and streams its messages.</summary>
    /// <param name="provider">The provider, such as <c>langgenius/google/google</c>.</param>
    /// <param name="toolName">The tool's name within the provider.</param>
    /// <param name="parameters">The tool's parameters.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public IAsyncEnumerable<ToolInvokeMessage> InvokeBuiltinToolAsync(string provider, string toolName, JsonObject parameters, CancellationToken cancellationToken = default) =>
        InvokeAsync(ToolProviderType.Builtin, provider, toolName, parameters, cancellationToken: cancellationToken);

    /// <summary>Calls a workflow published as a tool (<c>invoke_workflow_tool</c>) and streams its messages.</summary>
    /// <param name="provider">The workflow tool's provider id.</param>
    /// <param name="toolName">The tool's name.</param>
    /// <param name="parameters">The workflow's inputs.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public IAsyncEnumerable<ToolInvokeMessage> InvokeWorkflowToolAsync(string provider, string toolName, JsonObject parameters, CancellationToken cancellationToken = default) =>
        InvokeAsync(ToolProviderType.Workflow, provider, toolName, parameters, cancellationToken: cancellationToken);

    /// <summary>Calls a custom API tool (<c>invoke_api_tool</c>) and streams its messages.</summary>
    /// <param name="provider">The API tool's provider id.</param>
    /// <param name="toolName">The operation's name.</param>
    /// <param name="parameters">The operation's parameters.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public IAsyncEnumerable<ToolInvokeMessage> InvokeApiToolAsync(string provider, string toolName, JsonObject parameters, CancellationToken cancellationToken = default) =>
        InvokeAsync(ToolProviderType.Api, provider, toolName, parameters, cancellationToken: cancellationToken);

    /// <summary>Calls a tool of any provider type (<c>invoke</c>) and streams its messages.</summary>
    /// <param name="providerType">The kind of provider.</param>
    /// <param name="provider">The provider.</param>
    /// <param name="toolName">The tool's name.</param>
    /// <param name="parameters">The tool's parameters.</param>
    /// <param name="credentialId">
    /// The credential to call the provider with; when omitted, the session's <see cref="Session.Context"/> entry
    /// for the provider, else Dify's default credential.
    /// </param>
    /// <param name="cancellationToken">Ends the call.</param>
    public IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(
        ToolProviderType providerType,
        string provider,
        string toolName,
        JsonObject parameters,
        string? credentialId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentException.ThrowIfNullOrEmpty(toolName);
        ArgumentNullException.ThrowIfNull(parameters);
        var request = new ToolInvokeRequest
        {
            ToolType = ToWireName(providerType),
            Provider = provider,
            Tool = toolName,
            ToolParameters = (JsonObject)parameters.DeepClone(),
            AppId = _session.AppId is { Length: > 0 } appId ? appId : null,
            CredentialId = credentialId ?? (_session.Context.GetToolCredentialId(provider) is { Length: > 0 } sessionCredential ? sessionCredential : null),
        };
        return ReadMessagesAsync(
            _invoker.InvokeAsync(InvokeType.Tool, request, DifyJsonContext.Default.ToolInvokeRequest, DifyJsonContext.Default.JsonObject, cancellationToken),
            cancellationToken);
    }

    internal static string ToWireName(ToolProviderType type) => type switch
    {
        ToolProviderType.Builtin => "builtin",
        ToolProviderType.Workflow => "workflow",
        ToolProviderType.Api => "api",
        ToolProviderType.Mcp => "mcp",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown tool provider type."),
    };

    private static async IAsyncEnumerable<ToolInvokeMessage> ReadMessagesAsync(IAsyncEnumerable<JsonObject> frames, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var frame in frames.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return ToolInvokeMessage.FromWire(frame);
        }
    }
}
