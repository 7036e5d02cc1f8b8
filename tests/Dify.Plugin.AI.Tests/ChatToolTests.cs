using System.Text.Json;
using Dify.Plugin.Testing;
using Microsoft.Extensions.AI;
using Xunit;

namespace Dify.Plugin.AI.Tests;

public sealed class ChatToolTests
{
    private static readonly AIFunctionDeclaration Weather = AIFunctionFactory.CreateDeclaration(
        "weather",
        "The weather of a city",
        JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""").RootElement);

    private static readonly AIFunctionDeclaration Time = AIFunctionFactory.CreateDeclaration(
        "time", "The time", JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement);

    [Fact]
    public async Task Tools_go_as_PromptMessageTools_with_their_schema()
    {
        var test = new TestSession();
        test.Llm.RespondWithText("ok");

        await test.Session.Model.AsChatClient(TestModels.Llm, DifyModelScope.Parse("llm&tool-call"))
            .GetResponseAsync("hi", new ChatOptions { Tools = [Weather, Time] });

        JsonAssert.Equal("""
            [
              {"name": "weather", "description": "The weather of a city", "parameters": {"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}},
              {"name": "time", "description": "The time", "parameters": {"type":"object","properties":{}}}
            ]
            """, test.Llm.RequestJson()["tools"]);
    }

    [Fact]
    public async Task Tool_mode_none_sends_no_tools_and_a_required_function_sends_only_it()
    {
        var test = new TestSession();
        test.Llm.RespondWithText("ok");
        test.Llm.RespondWithText("ok");
        var client = test.Session.Model.AsChatClient(TestModels.Llm);

        await client.GetResponseAsync("hi", new ChatOptions { Tools = [Weather, Time], ToolMode = ChatToolMode.None });
        await client.GetResponseAsync("hi", new ChatOptions { Tools = [Weather, Time], ToolMode = ChatToolMode.RequireSpecific("time") });

        JsonAssert.Equal("null", test.Llm.RequestJson(0)["tools"]);
        Assert.Equal(["time"], test.Llm.RequestJson(1)["tools"]!.AsArray().Select(tool => (string?)tool!["name"]));
    }

    [Theory]
    [InlineData("llm")]
    [InlineData("llm&vision")]
    [InlineData("")]
    public async Task Tools_for_a_selector_without_tool_call_fail_like_DIFY2001(string scope)
    {
        var test = new TestSession();
        var client = test.Session.Model.AsChatClient(TestModels.Llm, DifyModelScope.Parse(scope));

        var exception = await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync("hi", new ChatOptions { Tools = [Weather] }));

        Assert.Contains("DIFY2001", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'&tool-call'", exception.Message, StringComparison.Ordinal);
        Assert.Empty(test.Invocations);
    }

    [Theory]
    [InlineData("llm&tool-call")]
    [InlineData("multi-tool-call&llm")]
    [InlineData("llm & stream-tool-call")]
    public void Any_of_the_three_tool_call_features_counts_as_tool_calling(string scope) =>
        Assert.True(DifyModelScope.Parse(scope).SupportsToolCalls);

    [Fact]
    public void The_client_advertises_its_scope_model_and_metadata()
    {
        var selector = new ToolParameterDescriptor("model", "model-selector", "form", true, "llm&tool-call&vision", new I18nText("Model", null, null, null), 3);
        IChatClient client = new TestSession().Session.Model.AsChatClient(TestModels.Llm, selector);

        var scope = client.GetService<DifyModelScope>();
        Assert.NotNull(scope);
        Assert.True(scope.SupportsToolCalls);
        Assert.True(scope.SupportsVision);
        Assert.False(scope.SupportsStructuredOutput);
        Assert.Same(TestModels.Llm, client.GetService<LLMModelConfig>());
        Assert.Equal("gpt-4o-mini", client.GetService<ChatClientMetadata>()?.DefaultModelId);
        Assert.Null(client.GetService<ChatClientMetadata>("some key"));
    }

    [Fact]
    public async Task Hosted_tools_are_refused_since_Dify_models_only_call_functions()
    {
        var client = new TestSession().Session.Model.AsChatClient(TestModels.Llm);

        var exception = await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync("hi", new ChatOptions { Tools = [new HostedWebSearchTool()] }));

        Assert.Contains("not a function", exception.Message, StringComparison.Ordinal);
    }
}
