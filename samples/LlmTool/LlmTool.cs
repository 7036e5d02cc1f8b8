using System.Runtime.CompilerServices;
using Dify.Plugin;

namespace LlmTool;

/// <summary>
/// The seed document's LLM tool: sends the prompt to the model the user picked in Dify's model selector and streams
/// the answer back as text messages. <see cref="LlmParameters"/> is generated from <c>tools/llm.yaml</c>.
/// </summary>
[DifyTool("llm")]
public sealed partial class LlmTool
{
    /// <summary>Runs the tool with typed parameters.</summary>
    public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(LlmParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var response = Session.Model.Llm.InvokeStreamingAsync(
            parameters.Model,
            [
                new SystemPromptMessage("you are a helpful assistant"),
                new UserPromptMessage(parameters.Prompt),
            ],
            cancellationToken: cancellationToken);

        await foreach (var chunk in response)
        {
            if (chunk.Delta.Message.Content.IsText)
            {
                yield return CreateTextMessage(chunk.Delta.Message.Content.Text!);
            }
        }
    }
}
