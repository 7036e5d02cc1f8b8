using System.Runtime.CompilerServices;
using Dify.Plugin;

namespace AgentTool;

/// <summary>
/// Counts the words of a text and lists the most frequent ones: the tool the agent's model may call.
/// <see cref="WordStatsParameters"/> is generated from <c>tools/word_stats.yaml</c>.
/// </summary>
[DifyTool("word_stats")]
public sealed partial class WordStatsTool
{
    /// <summary>Runs the tool with typed parameters.</summary>
    public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(WordStatsParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        var stats = WordCounter.Count(parameters.Text, (int)parameters.Top);
        yield return CreateTextMessage(stats.ToString());
    }
}
