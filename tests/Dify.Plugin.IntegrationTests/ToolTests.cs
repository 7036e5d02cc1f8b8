using Dify.Plugin.Testing;
using Xunit;

namespace Dify.Plugin.IntegrationTests;

public sealed class ToolTests
{
    [Fact]
    public async Task A_generated_tool_binds_its_parameters_and_calls_the_model_from_the_selector()
    {
        var test = new TestSession();
        test.Llm.RespondWithText("Sunny", " and 21°C.");

        var messages = await test.RunToolAsync(new WeatherTool(), """
            {"city": "Lisbon", "model": {"provider": "langgenius/openai/openai", "model": "gpt-4o-mini", "model_type": "llm", "mode": "chat"}}
            """);

        Assert.Equal("Sunny and 21°C.", messages[0].Text);
        Assert.Equal("celsius", (string?)messages[1].Message!["variable_value"]);
        var request = Assert.Single(test.Llm.Requests);
        Assert.Equal("gpt-4o-mini", request.ModelConfig.Model);
        Assert.False(request.Stream);
        Assert.Equal("Weather in Lisbon, in celsius?", request.PromptMessages[1].GetTextContent());
        Assert.Equal("weather", WeatherTool.Descriptor.Name);
    }

    [Fact]
    public async Task Bad_parameters_fail_before_any_model_call()
    {
        var test = new TestSession();

        var exception = await Assert.ThrowsAsync<ToolParametersException>(() => test.RunToolAsync(new WeatherTool(), """{"unit": "kelvin"}"""));

        Assert.Equal(["city", "unit", "model"], exception.Problems.Select(problem => problem.Parameter));
        Assert.Empty(test.Invocations);
    }
}
