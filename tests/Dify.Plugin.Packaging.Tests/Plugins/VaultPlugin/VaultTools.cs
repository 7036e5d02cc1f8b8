using System.Runtime.CompilerServices;
using Dify.Plugin;

namespace VaultPlugin;

[DifyToolProvider("vault")]
public sealed class VaultProvider : ToolProvider
{
    public override ValueTask ValidateCredentialsAsync(ToolCredentials credentials, CancellationToken cancellationToken) =>
        credentials.GetRequired("api_key").StartsWith("vk-", StringComparison.Ordinal)
            ? ValueTask.CompletedTask
            : throw new InvalidOperationException("The API key must start with vk-.");
}

[DifyTool("region")]
public sealed partial class RegionTool
{
    public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(RegionParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var code = Runtime.Credentials.TryGetValue("region", out var region) ? region : "eu";
        var names = await File.ReadAllLinesAsync(Path.Combine(AppContext.BaseDirectory, "data", "regions.txt"), cancellationToken);
        yield return CreateTextMessage(names.Single(line => line.StartsWith(code + "=", StringComparison.Ordinal))[(code.Length + 1)..]);
    }
}
