using System.Text.Json;
using AgentTool;
using Dify.Plugin.Testing;
using Microsoft.Extensions.AI;
using Xunit;

namespace Dify.Plugin.AI.Tests;

public sealed class AgentLoopTests
{
    private const string Question = "How often does 'the' occur in: the cat saw the dog?";

    private static void ScriptToolCallThenAnswer(TestSession test, string answer)
    {
        test.Llm.RespondWithChunks(
        [
            Chunks.ToolCall("call_1", "word_stats", """{"text": "the cat saw the dog", """),
            Chunks.ToolCall("", "", """ "top": 1}""", 1),
            Chunks.Finish("tool_calls", index: 2),
        ]);
        test.Llm.RespondWithText(answer);
    }

    [Fact]
    public async Task FunctionInvokingChatClient_runs_the_Dify_tool_the_model_calls_and_returns_the_final_text()
    {
        var test = new TestSession();
        ScriptToolCallThenAnswer(test, "'the' occurs twice.");
        var wordStats = DifyToolFunction.Create(WordStatsParameters.Descriptor, () => new WordStatsTool(), new ToolInvocationContext(test.Session, new ToolRuntime()));
        using var agent = new FunctionInvokingChatClient(test.Session.Model.AsChatClient(TestModels.Llm, DifyModelScope.Parse("llm&tool-call")));

        var response = await agent.GetResponseAsync(Question, new ChatOptions { Tools = [wordStats] });

        Assert.Equal("'the' occurs twice.", response.Text);
        Assert.Equal(2, test.Llm.Requests.Count);
        JsonAssert.Equal($$$"""
            [
              {"role": "user", "content": {{{JsonSerializer.Serialize(Question)}}}, "name": null},
              {"role": "assistant", "content": "", "name": null, "opaque_body": null, "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": "word_stats", "arguments": "{\"text\":\"the cat saw the dog\",\"top\":1}"}}
              ]},
              {"role": "tool", "content": "5 words; most frequent: the (2)", "name": null, "tool_call_id": "call_1"}
            ]
            """, test.Llm.RequestJson(1)["prompt_messages"]);
        Assert.Equal(["word_stats"], test.Llm.RequestJson(0)["tools"]!.AsArray().Select(tool => (string?)tool!["name"]));
    }

    [Fact]
    public async Task A_bad_argument_reaches_the_model_as_the_binders_problem_so_it_can_retry()
    {
        var test = new TestSession();
        test.Llm.RespondWithChunks([Chunks.ToolCall("call_1", "word_stats", """{"text": "a b", "top": 50}"""), Chunks.Finish("tool_calls", index: 1)]);
        test.Llm.RespondWithText("Sorry.");
        var wordStats = DifyToolFunction.Create(WordStatsParameters.Descriptor, () => new WordStatsTool(), new ToolInvocationContext(test.Session, new ToolRuntime()));
        using var agent = new FunctionInvokingChatClient(test.Session.Model.AsChatClient(TestModels.Llm)) { IncludeDetailedErrors = true };

        await agent.GetResponseAsync(Question, new ChatOptions { Tools = [wordStats] });

        var toolMessage = test.Llm.Requests[1].PromptMessages.OfType<ToolPromptMessage>().Single();
        Assert.Contains("parameter 'top' [max] (tools/word_stats.yaml:28): 50 is above the maximum 20.", toolMessage.GetTextContent(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sample_agent_tool_runs_the_same_loop_inside_Dify()
    {
        var test = new TestSession();
        ScriptToolCallThenAnswer(test, "Twice.");

        var messages = await test.RunToolAsync(new AgentTool.AgentTool(), $$$"""
            {"question": {{{JsonSerializer.Serialize(Question)}}},
             "model": {"provider": "langgenius/openai/openai", "model": "gpt-4o-mini", "model_type": "llm", "mode": "chat"}}
            """);

        Assert.Equal("Twice.", string.Concat(messages.Select(message => message.Text)));
        Assert.All(test.Llm.Requests, request => Assert.True(request.Stream));
        var toolMessage = test.Llm.Requests[1].PromptMessages.OfType<ToolPromptMessage>().Single();
        Assert.Equal(("call_1", "5 words; most frequent: the (2)"), (toolMessage.ToolCallId, toolMessage.GetTextContent()));
    }
}
