using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Xunit;

namespace Dify.Plugin.Hosting.Tests;

/// <summary>
/// <c>invoke</c>, the development runner, as a plugin author meets it: a tool that throws, credentials from the command
/// line and from <c>.env</c>, and output a person can read.
/// </summary>
public sealed class InvokeCommandTests
{
    [Fact]
    public async Task A_tool_that_throws_an_ordinary_exception_gets_a_readable_error_and_exit_code_1_not_a_crash()
    {
        var (exitCode, output, log) = await InvokeAsync(new ThrowingTool(), ["invoke", "tool"]);

        Assert.Equal(1, exitCode);
        Assert.Equal("partial result", Text(output.Single()));
        Assert.StartsWith("error: tool 'tool' failed with HttpRequestException: the search service is down", log.Split('\n')[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_come_from_the_command_line_and_from_dotenv_and_the_command_line_wins()
    {
        var dotEnv = Path.Combine(Path.GetTempPath(), $"invoke-{Guid.NewGuid():N}.env");
        await File.WriteAllTextAsync(dotEnv, "DIFY_CREDENTIAL_region=eu\nDIFY_CREDENTIAL_api_key=from-dotenv\n");
        try
        {
            var (exitCode, output, log) = await InvokeAsync(new CredentialsTool(), ["invoke", "tool", "--credential", "api_key=SECRET-from-cli"], dotEnv);

            Assert.Equal(0, exitCode);
            Assert.Equal("api_key=SECRET-from-cli;region=eu", Text(output.Single()));
            Assert.DoesNotContain("SECRET-", log, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(dotEnv);
        }
    }

    [Fact]
    public async Task Output_keeps_non_ascii_text_and_quotes_readable()
    {
        var (exitCode, output, _) = await InvokeAsync(new TextTool("关于 \"引号\" <b>"), ["invoke", "tool"]);

        Assert.Equal(0, exitCode);
        var line = output.Single();
        Assert.Contains("关于 \\\"引号\\\" <b>", line, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", line, StringComparison.Ordinal);
        Assert.Equal("关于 \"引号\" <b>", Text(line));
    }

    private static async Task<(int ExitCode, string[] Output, string Log)> InvokeAsync(Tool tool, string[] args, string? dotEnv = null)
    {
        var registration = new PluginRegistration(
            "{}"u8.ToArray(),
            [new ProviderRegistration("provider", "{\"tools\":["u8.ToArray(), "]}"u8.ToArray(), null, [new ToolRegistration("tool", _ => tool, null, "{}"u8.ToArray())])],
            []);
        var output = new StringWriter();
        var log = new StringWriter();
        var options = new PluginHostOptions
        {
            Output = output,
            Log = log,
            Environment = new Dictionary<string, string?>(),
            DotEnvPath = dotEnv ?? Path.Combine(AppContext.BaseDirectory, "no.env"),
        };

        var exitCode = await PluginHost.RunAsync(registration, args, options);
        return (exitCode, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), log.ToString());
    }

    private static string? Text(string line) => (string?)JsonNode.Parse(line)!["message"]!["text"];

    private sealed class ThrowingTool : Tool
    {
        protected override async IAsyncEnumerable<ToolInvokeMessage> InvokeCoreAsync(ToolParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            yield return CreateTextMessage("partial result");
            await Task.Yield();
            throw new HttpRequestException("the search service is down");
        }
    }

    private sealed class CredentialsTool : Tool
    {
        protected override async IAsyncEnumerable<ToolInvokeMessage> InvokeCoreAsync(ToolParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            yield return CreateTextMessage(string.Join(";", Runtime.Credentials.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}")));
        }
    }

    private sealed class TextTool(string text) : Tool
    {
        protected override async IAsyncEnumerable<ToolInvokeMessage> InvokeCoreAsync(ToolParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            yield return CreateTextMessage(text);
        }
    }
}
