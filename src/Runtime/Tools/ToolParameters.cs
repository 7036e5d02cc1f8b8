using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Dify.Plugin;

/// <summary>
/// The raw <c>tool_parameters</c> object Dify sends. Generated parameter records bind it to typed properties; reach
/// for these by-name accessors only where no generated record exists (the analyzer checks the names against the
/// manifest).
/// </summary>
public sealed class ToolParameters
{
    /// <summary>Wraps a <c>tool_parameters</c> object.</summary>
    public ToolParameters(JsonElement raw)
    {
        Raw = raw.ValueKind == JsonValueKind.Object ? raw : EmptyObject;
    }

    private static JsonElement EmptyObject { get; } = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>No parameters.</summary>
    public static ToolParameters Empty { get; } = new(EmptyObject);

    /// <summary>Parses a <c>tool_parameters</c> JSON object.</summary>
    public static ToolParameters Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new ToolParameters(document.RootElement.Clone());
    }

    /// <summary>The object as Dify sent it.</summary>
    public JsonElement Raw { get; }

    /// <summary>The names of the parameters present.</summary>
    public IEnumerable<string> Names => Raw.EnumerateObject().Select(property => property.Name);

    /// <summary>Whether a parameter is present with a non-null value.</summary>
    public bool Contains(string name) => TryGetValue(name, out _);

    /// <summary>Gets a parameter's value when present and not null.</summary>
    public bool TryGetValue(string name, out JsonElement value)
    {
        if (Raw.TryGetProperty(name, out value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>A string parameter (numbers and booleans are given as their text), or <see langword="null"/> when absent.</summary>
    public string? GetString(string name) => TryGetValue(name, out var value)
        ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
        : null;

    /// <summary>A model-selector parameter as the config of its scope.</summary>
    /// <exception cref="ToolParametersException">It is absent or not a model selection of that type.</exception>
    public TConfig GetModelConfig<TConfig>(string name)
        where TConfig : BaseModelConfig, IModelSelectorConfig<TConfig>
    {
        Raw.TryGetProperty(name, out var value);
        return TConfig.FromModelSelector(value, name);
    }

    /// <summary>A <c>file</c> parameter, or <see langword="null"/> when absent.</summary>
    public DifyFile? GetFile(string name) => TryGetValue(name, out var value) ? DifyFile.FromJson(value, name) : null;

    /// <summary>A <c>files</c> parameter; empty when absent.</summary>
    public IReadOnlyList<DifyFile> GetFiles(string name) => TryGetValue(name, out var value) ? DifyFile.ListFromJson(value, name) : [];

    /// <summary>A tool the user selected (a value marked <c>__dify__tool_selector__</c>); null when absent.</summary>
    /// <exception cref="FormatException">The value is not a tool selector.</exception>
    public ToolSelector? GetToolSelector(string name) => TryGetValue(name, out var value) ? ToolSelector.FromJson(value) : null;

    /// <summary>Tools the user selected (a list of values marked <c>__dify__tool_selector__</c>); empty when absent.</summary>
    /// <exception cref="FormatException">The value is not a list of tool selectors.</exception>
    public IReadOnlyList<ToolSelector> GetToolSelectors(string name) => TryGetValue(name, out var value) ? ToolSelector.ListFromJson(value) : [];

    /// <inheritdoc />
    public override string ToString() => Raw.GetRawText();
}

/// <summary>Everything a tool invocation needs besides its parameters.</summary>
/// <param name="Session">The way back to Dify (models).</param>
/// <param name="Runtime">Credentials and the user.</param>
public sealed record ToolInvocationContext(Session Session, ToolRuntime Runtime);

/// <summary>
/// The base of a Dify tool (Python SDK: <c>Tool</c>). With the generator, write a partial class for a tool in
/// <c>tools/*.yaml</c> and a typed <c>InvokeAsync</c> method; without it, override <see cref="InvokeCoreAsync"/>.
/// A new instance serves each request, as in the Python SDK.
/// </summary>
public abstract class Tool
{
    private ToolInvocationContext? _context;

    /// <summary>The way back to Dify: <c>Session.Model.Llm</c> and the other model endpoints.</summary>
    /// <exception cref="InvalidOperationException">The tool is not running.</exception>
    public Session Session => Context.Session;

    /// <summary>Credentials and the user of the current request.</summary>
    /// <exception cref="InvalidOperationException">The tool is not running.</exception>
    public ToolRuntime Runtime => Context.Runtime;

    private ToolInvocationContext Context => _context
        ?? throw new InvalidOperationException($"{GetType().Name} is not running: Session and Runtime exist only while RunAsync executes the tool.");

    /// <summary>Runs the tool for one request; this is what the plugin host and the test session call.</summary>
    /// <param name="context">The session and runtime of the request.</param>
    /// <param name="parameters">The raw <c>tool_parameters</c>.</param>
    /// <param name="cancellationToken">Ends the invocation.</param>
    public IAsyncEnumerable<ToolInvokeMessage> RunAsync(ToolInvocationContext context, ToolParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parameters);
        if (Interlocked.CompareExchange(ref _context, context, null) is not null)
        {
            throw new InvalidOperationException($"This {GetType().Name} instance is already running; create a new instance per request.");
        }

        return InvokeCoreAsync(parameters, cancellationToken);
    }

    /// <summary>The tool's work (Python SDK: <c>_invoke</c>). Generated code overrides it to bind typed parameters.</summary>
    /// <param name="parameters">The raw <c>tool_parameters</c>.</param>
    /// <param name="cancellationToken">Ends the invocation.</param>
    protected abstract IAsyncEnumerable<ToolInvokeMessage> InvokeCoreAsync(ToolParameters parameters, CancellationToken cancellationToken);

    /// <summary>A text message (<c>create_text_message</c>).</summary>
    protected static ToolInvokeMessage CreateTextMessage(string text) => ToolInvokeMessage.CreateText(text);

    /// <summary>A JSON message (<c>create_json_message</c>).</summary>
    protected static ToolInvokeMessage CreateJsonMessage(System.Text.Json.Nodes.JsonNode json) => ToolInvokeMessage.CreateJson(json);

    /// <summary>A link message (<c>create_link_message</c>).</summary>
    protected static ToolInvokeMessage CreateLinkMessage(string link) => ToolInvokeMessage.CreateLink(link);

    /// <summary>An image message with the image's URL (<c>create_image_message</c>).</summary>
    protected static ToolInvokeMessage CreateImageMessage(string imageUrl) => ToolInvokeMessage.CreateImage(imageUrl);

    /// <summary>A file (<c>create_blob_message</c>).</summary>
    protected static ToolInvokeMessage CreateBlobMessage(ReadOnlyMemory<byte> blob, string? mimeType = null, string? filename = null) =>
        ToolInvokeMessage.CreateBlob(blob, mimeType, filename);

    /// <summary>An output variable (<c>create_variable_message</c>).</summary>
    protected static ToolInvokeMessage CreateVariableMessage(string variableName, System.Text.Json.Nodes.JsonNode? variableValue) =>
        ToolInvokeMessage.CreateVariable(variableName, variableValue);

    /// <summary>Text appended to a streamed output variable (<c>create_stream_variable_message</c>).</summary>
    protected static ToolInvokeMessage CreateStreamVariableMessage(string variableName, string variableValue) =>
        ToolInvokeMessage.CreateStreamVariable(variableName, variableValue);
}

/// <summary>
/// The base of a tool provider (Python SDK: <c>ToolProvider</c>): validates the credentials a user enters in Dify.
/// </summary>
public abstract class ToolProvider
{
    /// <summary>Throws when <paramref name="credentials"/> do not work; the exception's message is shown to the user.</summary>
    public abstract ValueTask ValidateCredentialsAsync(ToolCredentials credentials, CancellationToken cancellationToken);

    /// <summary>
    /// The URL of the OAuth server's authorization page, built from the client settings and the redirect URI (Python
    /// SDK: <c>_oauth_get_authorization_url</c>). A provider whose YAML declares <c>oauth_schema</c> must override it (DIFY2109).
    /// </summary>
    /// <param name="context">The redirect URI and the OAuth client's settings.</param>
    /// <param name="cancellationToken">Ends the request.</param>
    public virtual ValueTask<string> GetAuthorizationUrlAsync(OAuthContext context, CancellationToken cancellationToken) =>
        throw OAuthNotImplemented(nameof(GetAuthorizationUrlAsync));

    /// <summary>
    /// Exchanges the OAuth server's callback (its authorization code) for credentials (Python SDK: <c>_oauth_get_credentials</c>).
    /// A provider whose YAML declares <c>oauth_schema</c> must override it (DIFY2109).
    /// </summary>
    /// <param name="context">The redirect URI and the OAuth client's settings.</param>
    /// <param name="callback">The request with which the OAuth server sent the user back.</param>
    /// <param name="cancellationToken">Ends the request.</param>
    public virtual ValueTask<OAuthCredentials> GetOAuthCredentialsAsync(OAuthContext context, OAuthCallbackRequest callback, CancellationToken cancellationToken) =>
        throw OAuthNotImplemented(nameof(GetOAuthCredentialsAsync));

    /// <summary>
    /// New credentials for ones that expire (Python SDK: <c>_oauth_refresh_credentials</c>); Dify calls it before the
    /// credentials' <see cref="OAuthCredentials.ExpiresAt"/>. A provider whose YAML declares <c>oauth_schema</c> must override it (DIFY2109).
    /// </summary>
    /// <param name="context">The redirect URI and the OAuth client's settings.</param>
    /// <param name="credentials">The credentials to refresh (with the refresh token).</param>
    /// <param name="cancellationToken">Ends the request.</param>
    public virtual ValueTask<OAuthCredentials> RefreshOAuthCredentialsAsync(OAuthContext context, ToolCredentials credentials, CancellationToken cancellationToken) =>
        throw OAuthNotImplemented(nameof(RefreshOAuthCredentialsAsync));

    private NotSupportedException OAuthNotImplemented(string member) =>
        new($"The provider {GetType().Name} does not support OAuth; override {member} (and the other OAuth members) to support it.");
}
