using Dify.Plugin.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Dify.Plugin.Generator.Tests;

/// <summary>
/// DIFY2109: the Python SDK answers a provider's OAuth requests when its YAML declares oauth_schema
/// (core/plugin_registration.py:664-668) and fails them at run time when the provider class does not implement
/// _oauth_* (interfaces/tool/tool.py:320-393); in C# that is a build error.
/// </summary>
public sealed class OAuthDiagnosticTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks; using Dify.Plugin; namespace MyPlugin;\n";

    private const string Validate = "public override ValueTask ValidateCredentialsAsync(ToolCredentials credentials, CancellationToken cancellationToken) => ValueTask.CompletedTask;";

    private const string AuthorizationUrl = "public override ValueTask<string> GetAuthorizationUrlAsync(OAuthContext context, CancellationToken cancellationToken) => ValueTask.FromResult(\"https://auth.example\");";

    private const string OtherMembers =
        "public override ValueTask<OAuthCredentials> GetOAuthCredentialsAsync(OAuthContext context, OAuthCallbackRequest callback, CancellationToken cancellationToken) => throw new NotImplementedException();"
        + "public override ValueTask<OAuthCredentials> RefreshOAuthCredentialsAsync(OAuthContext context, ToolCredentials credentials, CancellationToken cancellationToken) => throw new NotImplementedException();";

    private const string OAuthProvider = """
        identity: {author: me, name: mine, label: {en_US: Mine}, description: {en_US: Mine}, icon: icon.svg}
        credentials_for_provider: {}
        oauth_schema:
          client_schema:
            - {name: client_id, type: secret-input, label: {en_US: Client ID}}
          credentials_schema:
            - {name: access_token, type: secret-input, label: {en_US: Access token}}
        tools: []
        """;

    [Fact]
    public void A_provider_class_missing_oauth_members_gets_an_error_naming_them_at_its_attribute()
    {
        var run = GeneratorHarness.Run([("provider/mine.yaml", OAuthProvider)], [Usings + "[DifyToolProvider(\"mine\")] public sealed class MineProvider : ToolProvider { " + Validate + AuthorizationUrl + " }"]);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFY2109");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.StartsWith("/project/Source0.cs", diagnostic.Location.GetLineSpan().Path, StringComparison.Ordinal);
        Assert.Contains("'MyPlugin.MineProvider' does not override GetOAuthCredentialsAsync, RefreshOAuthCredentialsAsync", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain("does not override GetAuthorizationUrlAsync", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Oauth_schema_without_a_provider_class_gets_the_error_at_the_yaml_key()
    {
        var run = GeneratorHarness.Run([("provider/mine.yaml", OAuthProvider)]);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFY2109");
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal((2, 0), (span.StartLinePosition.Line, span.StartLinePosition.Character));
        Assert.EndsWith("provider/mine.yaml", span.Path, StringComparison.Ordinal);
        Assert.Contains("no [DifyToolProvider(\"mine\")] class", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_provider_overriding_all_three_members_in_a_base_class_has_no_error()
    {
        var source = Usings
            + "public abstract class OAuthBase : ToolProvider { " + AuthorizationUrl + OtherMembers + " }"
            + "[DifyToolProvider(\"mine\")] public sealed class MineProvider : OAuthBase { " + Validate + " }";

        var run = GeneratorHarness.Run([("provider/mine.yaml", OAuthProvider)], [source]);

        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "DIFY2109");
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void Oauth_schema_generates_a_client_record_and_a_credentials_record_that_a_provider_can_use()
    {
        var source = Usings
            + "[DifyToolProvider(\"mine\")] public sealed class MineProvider : ToolProvider { " + Validate
            + "public override ValueTask<string> GetAuthorizationUrlAsync(OAuthContext context, CancellationToken cancellationToken) => ValueTask.FromResult(MineOAuthClient.From(context.SystemCredentials).ClientId ?? \"\");"
            + "public override ValueTask<OAuthCredentials> GetOAuthCredentialsAsync(OAuthContext context, OAuthCallbackRequest callback, CancellationToken cancellationToken) => ValueTask.FromResult(new OAuthCredentials(new MineOAuthCredentials { AccessToken = callback.Query[\"code\"] }.ToDictionary()));"
            + "public override ValueTask<OAuthCredentials> RefreshOAuthCredentialsAsync(OAuthContext context, ToolCredentials credentials, CancellationToken cancellationToken) => ValueTask.FromResult(new OAuthCredentials(MineOAuthCredentials.From(credentials).ToDictionary()));"
            + " }";

        var run = GeneratorHarness.Run([("provider/mine.yaml", OAuthProvider)], [source]);

        Assert.Empty(run.CompilationProblems);
        var generated = Assert.Single(run.Sources, s => s.HintName.StartsWith("DifyOAuth.", StringComparison.Ordinal)).Source;
        Assert.Contains("public sealed partial record MineOAuthClient", generated, StringComparison.Ordinal);
        Assert.Contains("public string? ClientId { get; init; }", generated, StringComparison.Ordinal);
        Assert.Contains("public sealed partial record MineOAuthCredentials", generated, StringComparison.Ordinal);
        Assert.Contains("public string? AccessToken { get; init; }", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void A_required_oauth_field_is_a_required_property()
    {
        var provider = OAuthProvider.Replace("{name: client_id, type: secret-input,", "{name: client_id, required: true, type: secret-input,", StringComparison.Ordinal);

        var run = GeneratorHarness.Run([("provider/mine.yaml", provider)]);

        var generated = Assert.Single(run.Sources, s => s.HintName.StartsWith("DifyOAuth.", StringComparison.Ordinal)).Source;
        Assert.Contains("public required string ClientId { get; init; }", generated, StringComparison.Ordinal);
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void A_provider_without_oauth_schema_needs_no_oauth_members()
    {
        var provider = OAuthProvider[..OAuthProvider.IndexOf("oauth_schema", StringComparison.Ordinal)] + "tools: []\n";

        var run = GeneratorHarness.Run([("provider/mine.yaml", provider)], [Usings + "[DifyToolProvider(\"mine\")] public sealed class MineProvider : ToolProvider { " + Validate + " }"]);

        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "DIFY2109");
    }
}
