using System.Runtime.CompilerServices;
using Dify.Plugin;

namespace ManifestMistakes;

[DifyTool("echo")]
public class EchoTool
{
    public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(EchoParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield break;
    }
}
