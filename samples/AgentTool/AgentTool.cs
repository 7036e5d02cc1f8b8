using System.Runtime.CompilerServices;
using Dify.Plugin;
using Dify.Plugin.AI;
using Microsoft.Extensions.AI;

namespace AgentTool;

/// <summary>
/// A small agent: the model the user picked in Dify's model selector answers the question, calling the
/// <c>word_stats</c> tool of this plugin whenever it wants counts. Microsoft.Extensions.AI's
/// <see cref="FunctionInvokingChatClient"/> runs the loop; <see cref="AgentParameters"/> is generated from
/// <c>tools/agent.yaml</c>.
/// </summary>
[DifyTool("agent")]
public sealed partial class AgentTool
{
    /// <summary>How many model round trips one question may take.</summary>
    public const int MaximumIterations = 5;

    /// <summary>Runs the tool with typed parameters.</summary>
    public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(AgentParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var wordStats = DifyToolFunction.Create(WordStatsParameters.Descriptor, () => new WordStatsTool(), new ToolInvocationContext(Session, Runtime));
        var model = Session.Model.AsChatClient(parameters.Model, AgentParameters.Descriptor.FindParameter("model")!);
        using var agent = new FunctionInvokingChatClient(model) { MaximumIterationsPerRequest = MaximumIterations };

        List<ChatMessage> messages =
        [
            new(ChatRole.System, "Answer questions about texts. When counts of words matter, call word_stats instead of counting yourself."),
            new(ChatRole.User, parameters.Question),
        ];
        await foreach (var update in agent.GetStreamingResponseAsync(messages, new ChatOptions { Tools = [wordStats] }, cancellationToken))
        {
            if (update.Text.Length > 0)
            {
                yield return CreateTextMessage(update.Text);
            }
        }
    }
}
