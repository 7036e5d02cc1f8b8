using System.Text.Json;

namespace Dify.Plugin.Hosting;

/// <summary>
/// The three OAuth actions the Python SDK routes for a tool provider that declares <c>oauth_schema</c>
/// (<c>plugin.py</c>, <c>OAuthActions</c>; answers as <c>plugin_executor.py</c> writes them).
/// </summary>
internal sealed class OAuthHandlers(PluginRegistration registration, IServiceProvider? services = null)
{
    public Task GetAuthorizationUrlAsync(HostSession session, JsonElement data, CancellationToken cancellationToken) =>
        RunAsync(session, data, async (provider, context) =>
        {
            var url = await provider.GetAuthorizationUrlAsync(context, cancellationToken).ConfigureAwait(false);
            return writer => writer.WriteString("authorization_url", url);
        }, cancellationToken);

    public Task GetCredentialsAsync(HostSession session, JsonElement data, CancellationToken cancellationToken) =>
        RunAsync(session, data, async (provider, context) =>
        {
            var callback = OAuthCallbackRequest.Parse(DecodeRawRequest(RequestFields.Text(data, "raw_http_request")));
            var credentials = await provider.GetOAuthCredentialsAsync(context, callback, cancellationToken).ConfigureAwait(false);
            return writer =>
            {
                // A tool provider's OAuthCredentials never carry metadata (interfaces/tool/tool.py drops it); the SDK sends {}.
                writer.WriteStartObject("metadata");
                writer.WriteEndObject();
                WriteCredentials(writer, credentials);
            };
        }, cancellationToken);

    public Task RefreshCredentialsAsync(HostSession session, JsonElement data, CancellationToken cancellationToken) =>
        RunAsync(session, data, async (provider, context) =>
        {
            var current = data.TryGetProperty("credentials", out var raw) ? ToolCredentials.FromJson(raw) : ToolCredentials.Empty;
            var credentials = await provider.RefreshOAuthCredentialsAsync(context, current, cancellationToken).ConfigureAwait(false);
            return writer => WriteCredentials(writer, credentials);
        }, cancellationToken);

    private async Task RunAsync(HostSession session, JsonElement data, Func<ToolProvider, OAuthContext, Task<Action<Utf8JsonWriter>>> handle, CancellationToken cancellationToken)
    {
        var name = RequestFields.Text(data, "provider");
        var provider = registration.FindProvider(name) ?? throw new InvalidOperationException($"Provider `{name}` not found");
        await using var request = ToolActivation.BeginRequest(services);
        var instance = request.Own(provider.CreateValidator?.Invoke(request.Services)) ?? throw new InvalidOperationException($"Provider `{name}` does not support OAuth");
        var context = new OAuthContext(
            RequestFields.Text(data, "redirect_uri") ?? "",
            data.TryGetProperty("system_credentials", out var system) ? ToolCredentials.FromJson(system) : ToolCredentials.Empty);
        var writeFields = await handle(instance, context).ConfigureAwait(false);
        await session.WriteAsync(PluginMessages.Stream(session.SessionId, writer =>
        {
            writer.WriteStartObject();
            writeFields(writer);
            writer.WriteEndObject();
        }), cancellationToken).ConfigureAwait(false);
    }

    private static void WriteCredentials(Utf8JsonWriter writer, OAuthCredentials credentials)
    {
        writer.WriteStartObject("credentials");
        foreach (var (key, value) in credentials.Credentials)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
        writer.WriteNumber("expires_at", credentials.ExpiresAtUnixSeconds);
    }

    private static byte[] DecodeRawRequest(string? hex)
    {
        if (string.IsNullOrEmpty(hex))
        {
            throw new FormatException("The request carries no raw_http_request.");
        }

        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw new FormatException("The request's raw_http_request is not hexadecimal.");
        }
    }
}
