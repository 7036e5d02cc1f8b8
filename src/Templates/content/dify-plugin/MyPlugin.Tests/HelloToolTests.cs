using Dify.Plugin;
using Dify.Plugin.Testing;
using Xunit;

namespace MyPlugin.Tests;

public sealed class HelloToolTests
{
    private const string Model = """{"provider": "langgenius/openai/openai", "model": "gpt-4o-mini", "model_type": "llm", "mode": "chat"}""";

    [Fact]
    public async Task Streams_the_models_greeting()
    {
        var test = new TestSession();
        test.Llm.RespondWithText("Hello, ", "Dify!");

        var messages = await test.RunToolAsync(new HelloTool(), $$"""{"name": "Dify", "model": {{Model}}}""");

        Assert.Equal("Hello, Dify!", string.Concat(messages.Select(message => message.Text)));
        var request = Assert.Single(test.Llm.Requests);
        Assert.Equal("gpt-4o-mini", request.ModelConfig.Model);
        Assert.Equal("Greet Dify.", request.PromptMessages[1].GetTextContent());
    }

    [Fact]
    public async Task A_missing_name_is_reported_before_any_model_call()
    {
        var test = new TestSession();

        var exception = await Assert.ThrowsAsync<ToolParametersException>(() => test.RunToolAsync(new HelloTool(), $$"""{"model": {{Model}}}"""));

        Assert.Equal("name", Assert.Single(exception.Problems).Parameter);
        Assert.Empty(test.Invocations);
    }
}
