using System.Runtime.CompilerServices;
using Dify.Plugin.Testing;
using Xunit;

namespace Dify.Plugin.Tests;

/// <summary>The seed document's LLM tool, written in C# against the raw parameters, run against the test double.</summary>
public sealed class SeedExampleTests
{
    private const string ModelSelection = """
        {"provider": "langgenius/openai/openai", "model": "gpt-4o-mini", "model_type": "llm", "mode": "chat", "completion_params": {"temperature": 0.2}}
        """;

    [Fact]
    public async Task Seed_llm_tool_streams_the_models_text_back_as_text_messages()
    {
        var test = new TestSession();
        test.Llm.RespondWithText("Dify ", "plugins ", "in C#");

        var messages = await test.RunToolAsync(new SeedLlmTool(), $$"""{"prompt": "Say hello", "model": {{ModelSelection}}}""");

        Assert.All(messages, message => Assert.Equal(ToolInvokeMessageType.Text, message.Type));
        Assert.Equal(["Dify ", "plugins ", "in C#"], messages.Select(message => message.Text));
        var request = Assert.Single(test.Llm.Requests);
        Assert.True(request.Stream);
        Assert.Equal("langgenius/openai/openai", request.ModelConfig.Provider);
        Assert.Equal(0.2, (double)request.ModelConfig.CompletionParams["temperature"]!);
        Assert.Equal("you are a helpful assistant", request.PromptMessages[0].GetTextContent());
        Assert.Equal(PromptMessageRole.User, request.PromptMessages[1].Role);
        Assert.Equal("Say hello", request.PromptMessages[1].GetTextContent());
    }

    [Fact]
    public async Task Seed_llm_tool_without_a_selected_model_reports_the_parameter()
    {
        var test = new TestSession();

        var exception = await Assert.ThrowsAsync<ToolParametersException>(() => test.RunToolAsync(new SeedLlmTool(), """{"prompt": "x"}"""));

        Assert.Equal("model", Assert.Single(exception.Problems).Parameter);
        Assert.Contains("parameter 'model'", exception.Message);
    }

    [Fact]
    public async Task A_tool_instance_serves_one_request()
    {
        var test = new TestSession();
        test.Llm.RespondWithText("a");
        var tool = new SeedLlmTool();
        await test.RunToolAsync(tool, $$"""{"prompt": "x", "model": {{ModelSelection}}}""");

        await Assert.ThrowsAsync<InvalidOperationException>(() => test.RunToolAsync(tool, "{}"));
    }

    [Fact]
    public void Session_outside_a_run_explains_itself()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => new SeedLlmTool().Session);
        Assert.Contains("not running", exception.Message);
    }

    /// <summary>The seed's "best practice" tool: the model comes from the model-selector parameter.</summary>
    private sealed class SeedLlmTool : Tool
    {
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
}
