using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Dify.Plugin.Hosting.Tests;

/// <summary>Calls another tool, a chat app or the question classifier, and relays what comes back.</summary>
[DifyTool("relay")]
public sealed partial class RelayTool
{
    public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(RelayParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        switch (parameters.Service)
        {
            case RelayParameters.ServiceOption.Tool:
                await foreach (var message in Session.Tool.InvokeBuiltinToolAsync("langgenius/google/google", "google_search", new JsonObject { ["query"] = parameters.Query }, cancellationToken))
                {
                    yield return message;
                }

                break;
            case RelayParameters.ServiceOption.App:
                await foreach (var appEvent in Session.App.Chat.InvokeStreamingAsync(parameters.App!, parameters.Query, cancellationToken: cancellationToken))
                {
                    yield return CreateTextMessage((string?)appEvent["answer"] ?? "");
                }

                break;
            default:
                var response = await Session.WorkflowNode.QuestionClassifier.InvokeAsync(
                    [new ClassConfig("1", "billing"), new ClassConfig("2", "support")], parameters.Model!, parameters.Query, cancellationToken: cancellationToken);
                yield return CreateTextMessage((string?)response.Outputs["class_name"] ?? "");
                break;
        }
    }
}
