using System.Runtime.CompilerServices;

namespace Dify.Plugin.Hosting.Tests;

[DifyTool("ask")]
public sealed partial class AskTool
{
    public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(AskParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var answer = await Session.Model.Llm.InvokeAsync(parameters.Model, [new UserPromptMessage(parameters.Question)], cancellationToken: cancellationToken);
        yield return CreateTextMessage(answer.Message.GetTextContent());
    }
}

[DifyTool("blob")]
public sealed partial class BlobTool
{
    public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(BlobParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        var bytes = new byte[(int)parameters.Size];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(i % 251);
        }

        yield return CreateBlobMessage(bytes, "application/octet-stream", "data.bin");
    }
}

[DifyTool("fail")]
public sealed partial class FailTool
{
    public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(FailParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return CreateTextMessage("about to fail");
        await Task.Yield();
        throw new InvalidOperationException("the tool failed on purpose");
    }
}

[DifyTool("choose")]
public sealed partial class ChooseTool : IParameterOptionsSource
{
    public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(ChooseParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return CreateTextMessage(parameters.Channel ?? "none");
    }

    public ValueTask<IReadOnlyList<ParameterOption>> FetchParameterOptionsAsync(string parameter, ToolRuntime runtime, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<ParameterOption>>(runtime.CredentialType == CredentialType.OAuth2
            ? [new ParameterOption("authorized", new I18nText("Authorized"))]
            :
            [
                new ParameterOption("general", new I18nText("General", "综合")),
                new ParameterOption("random", new I18nText("Random")),
            ]);
}

[DifyTool("stubborn")]
public sealed partial class StubbornTool
{
    public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(StubbornParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return CreateTextMessage("started");

        // Ignores its token on purpose, as a careless tool does.
        await Task.Delay(TimeSpan.FromMinutes(10), CancellationToken.None);
        yield return CreateTextMessage("too late");
    }
}

[DifyTool("vault")]
public sealed partial class VaultTool
{
    public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(VaultParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (!parameters.Token.StartsWith("tok-", StringComparison.Ordinal))
        {
            // A tool's own check that quotes the value, as an unwary tool might.
            throw new ToolParametersException("vault", [new ToolParameterProblem("token", "format", $"\"{parameters.Token}\" does not start with tok-.")]);
        }

        yield return CreateTextMessage($"a token of {parameters.Token.Length} characters, limit {parameters.Limit}");
    }
}

[DifyTool("whoami")]
public sealed partial class WhoAmITool
{
    public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(WhoamiParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        var credentialId = Session.Context.GetToolCredentialId("testkit");
        yield return CreateTextMessage($"{Runtime.CredentialType} with {string.Join(", ", Runtime.Credentials.Keys)}{(credentialId is null ? "" : $", credential {credentialId}")}");
    }
}

[DifyTool("chatty")]
public sealed partial class ChattyTool
{
    public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(ChattyParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // What a careless tool does in a plugin whose standard output is the protocol.
        Console.Write("chatty ");
        Console.WriteLine("says hi");
        await Task.Yield();
        Console.Out.WriteLine("from a pool thread");
        yield return CreateTextMessage("done");
    }
}

[DifyTool("skim")]
public sealed partial class SkimTool
{
    public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(SkimParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var first = "";
        await foreach (var chunk in Session.Model.Llm.InvokeStreamingAsync(parameters.Model, [new UserPromptMessage("long")], cancellationToken: cancellationToken))
        {
            first = chunk.Delta.Message.GetTextContent();

            // Long enough for the rest of the burst to fill the invocation's queue before the tool stops reading.
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            break;
        }

        var second = await Session.Model.Llm.InvokeAsync(parameters.Model, [new UserPromptMessage("short")], cancellationToken: cancellationToken);
        yield return CreateTextMessage(first + "|" + second.Message.GetTextContent());
    }
}

[DifyToolProvider("testkit")]
public sealed class TestKitProvider : ToolProvider
{
    public override ValueTask ValidateCredentialsAsync(ToolCredentials credentials, CancellationToken cancellationToken) =>
        credentials.GetRequired("api_key") == "good"
            ? ValueTask.CompletedTask
            : throw new InvalidOperationException("The API key was refused.");

    // An OAuth server of its own: the code from the callback becomes the access token, the refresh token a new one.
    // TestkitOAuthClient and TestkitOAuthCredentials are generated from oauth_schema in provider/testkit.yaml.
    public override ValueTask<string> GetAuthorizationUrlAsync(OAuthContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(
            $"https://auth.example/authorize?client_id={Uri.EscapeDataString(TestkitOAuthClient.From(context.SystemCredentials).ClientId)}&redirect_uri={Uri.EscapeDataString(context.RedirectUri)}");

    public override ValueTask<OAuthCredentials> GetOAuthCredentialsAsync(OAuthContext context, OAuthCallbackRequest callback, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new OAuthCredentials(
            new TestkitOAuthCredentials { AccessToken = "at-" + callback.Query["code"], RefreshToken = "rt-" + callback.Query["code"] }.ToDictionary(),
            DateTimeOffset.FromUnixTimeSeconds(1_900_000_000)));

    public override ValueTask<OAuthCredentials> RefreshOAuthCredentialsAsync(OAuthContext context, ToolCredentials credentials, CancellationToken cancellationToken) =>
        TestkitOAuthCredentials.From(credentials).RefreshToken?.StartsWith("rt-", StringComparison.Ordinal) == true
            ? ValueTask.FromResult(new OAuthCredentials(new TestkitOAuthCredentials { AccessToken = "at-refreshed" }.ToDictionary()))
            : throw new InvalidOperationException("The refresh token was refused.");
}
