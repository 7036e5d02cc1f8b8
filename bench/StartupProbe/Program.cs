using System.Runtime.CompilerServices;
using Dify.Plugin;
#if PROBE_HOSTED
using Microsoft.Extensions.Hosting;
#endif

#if PROBE_FLOOR
return await Task.FromResult(0);
#elif PROBE_ONELINE
return await StartupProbe.DifyPlugin.RunAsync(args);
#else
var builder = Host.CreateApplicationBuilder(args);
builder.AddDifyPlugin(StartupProbe.DifyPlugin.Registration, plugin => plugin.Args = args);
await builder.Build().RunAsync();
return Environment.ExitCode;
#endif

namespace StartupProbe
{
    /// <summary>The probe's one tool; started, never called (the daemon closes standard input at once).</summary>
    [DifyTool("echo")]
    public sealed partial class EchoTool
    {
        public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(EchoParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            yield return CreateTextMessage(parameters.City);
        }
    }
}
