using System.Runtime.CompilerServices;
using Dify.Plugin;

namespace LlmTool;

/// <summary>
/// The seed document's LLM tool: sends the prompt to the model the user picked in Dify's model selector and streams
/// the answer back as text messages.
/// </summary>
public sealed class LlmTool : Tool
{
    /// <inheritdoc />
    protected override async IAsyncEnumerable<ToolInvokeMessage> InvokeCoreAsync(ToolParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var response = Session.Model.Llm.InvokeStreamingAsync(
            modelConfig: parameters.GetModelConfig<LLMModelConfig>("model"),
            promptMessages:
            [
                new SystemPromptMessage("you are a helpful assistant"),
                new UserPromptMessage(parameters.GetString("prompt")),
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
