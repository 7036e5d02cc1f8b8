using System.Runtime.CompilerServices;
using Dify.Plugin;

namespace MyPlugin;

/// <summary>The tool declared in tools/hello.yaml; <see cref="HelloParameters"/> is generated from it.</summary>
[DifyTool("hello")]
public sealed partial class HelloTool
{
    /// <summary>Asks the model the user picked for a greeting and streams it back.</summary>
    public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(HelloParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var greeting = Session.Model.Llm.InvokeStreamingAsync(
            parameters.Model,
            [
                new SystemPromptMessage("You write one short, friendly greeting."),
                new UserPromptMessage($"Greet {parameters.Name}."),
            ],
            cancellationToken: cancellationToken);

        await foreach (var text in greeting.AsTextAsync(cancellationToken))
        {
            yield return CreateTextMessage(text);
        }
    }
}
