using System.Runtime.CompilerServices;
using Dify.Plugin;

namespace LlmTool.Mistakes;

/// <summary>The seed's LLM tool with the mistakes the documentation makes; every one of them is a warning.</summary>
public sealed class LlmTool : Tool
{
    /// <inheritdoc />
    protected override async IAsyncEnumerable<ToolInvokeMessage> InvokeCoreAsync(ToolParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var response = Session.Model.Llm.InvokeStreamingAsync(
            modelConfig: new LLMModelConfig { Provider = "openai", Model = "gpt-4o-mini", Mode = "chat" },
            promptMessages:
            [
                new SystemPromptMessage("you are a helpful assistant"),
                new UserPromptMessage(parameters.GetString("query")),
            ],
            cancellationToken: cancellationToken);

        await foreach (var chunk in response)
        {
            yield return CreateTextMessage(chunk.Delta.Message.GetTextContent());
        }

        var answer = await Session.Model.Llm.InvokeAsync(
            parameters.GetModelConfig<LLMModelConfig>("model"),
            [new UserPromptMessage("Which tool should I use?")],
            tools: [new PromptMessageTool("search", "Searches the web", new System.Text.Json.Nodes.JsonObject())],
            cancellationToken: cancellationToken);
        yield return CreateTextMessage(answer.Message.GetTextContent());
    }
}
