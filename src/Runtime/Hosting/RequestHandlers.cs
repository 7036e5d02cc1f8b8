using System.Text.Json;

namespace Dify.Plugin.Hosting;

/// <summary>What the plugin does for each kind of request: run a tool, validate credentials, list parameter options, OAuth.</summary>
internal sealed class RequestHandlers(PluginRegistration registration, PluginSettings settings, IServiceProvider? services = null)
{
    private readonly OAuthHandlers _oauth = new(registration, services);

    /// <summary>Runs the request's action; what it sends goes out on <paramref name="session"/>.</summary>
    public Task HandleAsync(HostSession session, JsonElement envelope, JsonElement data, string? type, string? action, CancellationToken cancellationToken) =>
        (type, action) switch
        {
            ("tool", "invoke_tool") => InvokeToolAsync(session, envelope, data, cancellationToken),
            ("tool", "validate_tool_credentials") => ValidateCredentialsAsync(session, data, cancellationToken),
            ("dynamic_parameter", "fetch_parameter_options") => FetchOptionsAsync(session, data, cancellationToken),
            ("oauth", "get_authorization_url") => _oauth.GetAuthorizationUrlAsync(session, data, cancellationToken),
            ("oauth", "get_credentials") => _oauth.GetCredentialsAsync(session, data, cancellationToken),
            ("oauth", "refresh_credentials") => _oauth.RefreshCredentialsAsync(session, data, cancellationToken),
            _ => throw new NotSupportedException($"This plugin does not handle '{type}/{action}' requests."),
        };

    private async Task InvokeToolAsync(HostSession hostSession, JsonElement envelope, JsonElement data, CancellationToken cancellationToken)
    {
        var provider = registration.FindProvider(Text(data, "provider"))
            ?? throw new InvalidOperationException($"This plugin has no tool provider '{Text(data, "provider")}'.");
        var toolName = Text(data, "tool");
        var tool = provider.FindTool(toolName) ?? throw new InvalidOperationException($"Provider '{provider.Name}' has no tool '{toolName}'.");
        await using var request = ToolActivation.BeginRequest(services);
        var instance = request.Own(tool.Create?.Invoke(request.Services))
            ?? throw new InvalidOperationException($"Tool '{tool.Name}' has no class; add [DifyTool(\"{tool.Name}\")] to a partial class.");
        var session = new Session(hostSession, new SessionOptions { InvocationTimeout = settings.MaxInvocationTimeout })
        {
            SessionId = hostSession.SessionId,
            UserId = Text(data, "user_id"),
            ConversationId = Text(envelope, "conversation_id"),
            MessageId = Text(envelope, "message_id"),
            AppId = Text(envelope, "app_id"),
            EndpointId = Text(envelope, "endpoint_id"),
            Context = envelope.ValueKind == JsonValueKind.Object && envelope.TryGetProperty("context", out var context) ? SessionContext.FromJson(context) : SessionContext.Empty,
        };
        var runtime = new ToolRuntime
        {
            Credentials = data.TryGetProperty("credentials", out var credentials) ? ToolCredentials.FromJson(credentials) : ToolCredentials.Empty,
            CredentialType = ReadCredentialType(data, CredentialType.ApiKey),
            UserId = session.UserId,
            SessionId = hostSession.SessionId,
        };
        var parameters = new ToolParameters(data.TryGetProperty("tool_parameters", out var raw) ? raw : default);
        try
        {
            // A message the tool has ready right after the last one goes out with it in one write; the lines are flushed
            // whenever the tool is about to wait (and the connection flushes what a busy tool leaves held for long).
            var messages = instance.RunAsync(new ToolInvocationContext(session, runtime), parameters, cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using (messages.ConfigureAwait(false))
            {
                var next = messages.MoveNextAsync();
                while (true)
                {
                    if (!next.IsCompleted)
                    {
                        await hostSession.FlushAsync(cancellationToken).ConfigureAwait(false);
                    }

                    if (!await next.ConfigureAwait(false))
                    {
                        break;
                    }

                    await WriteToolMessageAsync(hostSession, messages.Current, cancellationToken).ConfigureAwait(false);
                    next = messages.MoveNextAsync();
                }
            }
        }
        catch (ToolParametersException exception)
        {
            var withoutSecrets = FailureReport.WithoutSecretValues(exception, tool.Descriptor);
            if (!ReferenceEquals(withoutSecrets, exception))
            {
                throw withoutSecrets;
            }

            throw;
        }
    }

    private static async Task WriteToolMessageAsync(HostSession session, ToolInvokeMessage message, CancellationToken cancellationToken)
    {
        if (message.Type == ToolInvokeMessageType.Blob)
        {
            if (message.Blob.Length > PluginMessages.MaxBlobBytes)
            {
                throw new InvalidOperationException($"A blob of {message.Blob.Length} bytes is over Dify's 30 MiB limit for files.");
            }

            foreach (var chunk in PluginMessages.BlobChunks(message))
            {
                await session.WriteAsync(PluginMessages.Stream(session.SessionId, chunk), cancellationToken, flush: false).ConfigureAwait(false);
            }

            return;
        }

        var line = PluginMessages.Stream(session.SessionId, message);
        if (line.Length + 1 > LineConnection.MaxOutgoingLineBytes)
        {
            line.Dispose();
            throw new InvalidOperationException(
                $"A '{message.TypeName}' message of {line.Length} bytes is over Dify's 5 MiB line limit; send large content as a blob (CreateBlobMessage).");
        }

        await session.WriteAsync(line, cancellationToken, flush: false).ConfigureAwait(false);
    }

    private async Task ValidateCredentialsAsync(HostSession session, JsonElement data, CancellationToken cancellationToken)
    {
        var provider = registration.FindProvider(Text(data, "provider"))
            ?? throw new InvalidOperationException($"This plugin has no tool provider '{Text(data, "provider")}'.");
        await using var request = ToolActivation.BeginRequest(services);
        var validator = request.Own(provider.CreateValidator?.Invoke(request.Services))
            ?? throw new NotSupportedException($"Provider '{provider.Name}' does not validate credentials; add a [DifyToolProvider(\"{provider.Name}\")] class deriving from ToolProvider.");
        var credentials = data.TryGetProperty("credentials", out var raw) ? ToolCredentials.FromJson(raw) : ToolCredentials.Empty;
        await validator.ValidateCredentialsAsync(credentials, cancellationToken).ConfigureAwait(false);
        await session.WriteAsync(PluginMessages.Stream(session.SessionId, writer =>
        {
            writer.WriteStartObject();
            writer.WriteBoolean("result", true);
            writer.WriteEndObject();
        }), cancellationToken).ConfigureAwait(false);
    }

    private async Task FetchOptionsAsync(HostSession session, JsonElement data, CancellationToken cancellationToken)
    {
        var provider = registration.FindProvider(Text(data, "provider"))
            ?? throw new InvalidOperationException($"This plugin has no tool provider '{Text(data, "provider")}'.");
        var toolName = Text(data, "provider_action");
        await using var request = ToolActivation.BeginRequest(services);
        var tool = request.Own(provider.FindTool(toolName)?.Create?.Invoke(request.Services)) ?? throw new InvalidOperationException($"Provider '{provider.Name}' has no tool '{toolName}'.");
        if (tool is not IParameterOptionsSource source)
        {
            throw new NotSupportedException($"Tool '{toolName}' does not implement IParameterOptionsSource, so it cannot list options.");
        }

        var runtime = new ToolRuntime
        {
            Credentials = data.TryGetProperty("credentials", out var raw) ? ToolCredentials.FromJson(raw) : ToolCredentials.Empty,
            CredentialType = ReadCredentialType(data, CredentialType.Unauthorized),
            UserId = Text(data, "user_id"),
            SessionId = session.SessionId,
        };
        var options = await source.FetchParameterOptionsAsync(Text(data, "parameter") ?? "", runtime, cancellationToken).ConfigureAwait(false);
        await session.WriteAsync(PluginMessages.Stream(session.SessionId, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("options");
            foreach (var option in options)
            {
                writer.WriteStartObject();
                writer.WriteString("value", option.Value);
                // The SDK's I18nObject fills every missing or empty locale from en_US and ParameterOption dumps a null icon
                // (entities/parameters.py:25-33, 47-53).
                writer.WriteStartObject("label");
                writer.WriteString("en_US", option.Label.EnUs);
                writer.WriteString("zh_Hans", OrEnglish(option.Label.ZhHans, option.Label.EnUs));
                writer.WriteString("ja_JP", OrEnglish(option.Label.JaJp, option.Label.EnUs));
                writer.WriteString("pt_BR", OrEnglish(option.Label.PtBr, option.Label.EnUs));
                writer.WriteEndObject();
                writer.WriteString("icon", option.Icon);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>credential_type</c> (entities/provider_config.py:125-128); absent, it is the request's default in the SDK:
    /// api-key for invoke_tool, unauthorized for fetch_parameter_options (core/entities/plugin/request.py:123, 334).
    /// </summary>
    private static CredentialType ReadCredentialType(JsonElement data, CredentialType absent) => Text(data, "credential_type") switch
    {
        "api-key" => CredentialType.ApiKey,
        "oauth2" => CredentialType.OAuth2,
        "unauthorized" => CredentialType.Unauthorized,
        _ => absent,
    };

    private static string OrEnglish(string? translation, string english) => string.IsNullOrEmpty(translation) ? english : translation;

    private static string? Text(JsonElement element, string name) => RequestFields.Text(element, name);
}
