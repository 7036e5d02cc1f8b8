namespace Dify.Plugin;

/// <summary>
/// What Dify passes with every OAuth request of a provider (Python SDK: the <c>redirect_uri</c> and
/// <c>system_credentials</c> arguments of <c>_oauth_*</c>).
/// </summary>
/// <param name="RedirectUri">Where the OAuth server sends the user back to Dify after authorization.</param>
/// <param name="SystemCredentials">The OAuth client's settings, by the names of the provider's <c>oauth_schema.client_schema</c> (client id and secret).</param>
public sealed record OAuthContext(string RedirectUri, ToolCredentials SystemCredentials)
{
    /// <summary>Keeps the client's secret values out of the text.</summary>
    public override string ToString() => $"OAuthContext {{ RedirectUri = {RedirectUri}, SystemCredentials = {SystemCredentials} }}";
}

/// <summary>
/// What a provider's OAuth flow yields (Python SDK: <c>ToolOAuthCredentials</c>): credentials by the names of the
/// provider's <c>oauth_schema.credentials_schema</c>, and when they expire.
/// </summary>
/// <param name="Credentials">The credentials Dify stores and sends to the provider's tools (access token and the like).</param>
/// <param name="ExpiresAt">When they stop working; null when they never expire (the SDK's <c>expires_at: -1</c>).</param>
public sealed record OAuthCredentials(IReadOnlyDictionary<string, string> Credentials, DateTimeOffset? ExpiresAt = null)
{
    /// <summary>The wire's <c>expires_at</c>: seconds since the Unix epoch, or -1 for never.</summary>
    public long ExpiresAtUnixSeconds => ExpiresAt?.ToUnixTimeSeconds() ?? -1;

    /// <summary>The credential names, with the values hidden.</summary>
    public override string ToString() =>
        "OAuthCredentials { Credentials = {" + string.Join(", ", Credentials.Keys.Select(key => key + ": ***")) + "}, ExpiresAt = " + (ExpiresAt?.ToString("O") ?? "never") + " }";
}
