using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentTool;
using Dify.Plugin.Testing;
using Microsoft.Extensions.AI;
using Xunit;

namespace Dify.Plugin.AI.Tests;

public sealed class DifyToolFunctionTests
{
    private static DifyToolFunction WordStats(TestSession test) =>
        DifyToolFunction.Create(WordStatsParameters.Descriptor, () => new WordStatsTool(), new ToolInvocationContext(test.Session, new ToolRuntime()));

    private static AIFunctionArguments Arguments(string json) =>
        new(JsonDocument.Parse(json).RootElement.EnumerateObject().ToDictionary(property => property.Name, property => (object?)property.Value.Clone()));

    [Fact]
    public void Name_description_and_schema_are_the_manifests()
    {
        var function = WordStats(new TestSession());

        Assert.Equal("word_stats", function.Name);
        Assert.Equal("Counts the words of a text and returns the total and the most frequent words with their counts.", function.Description);
        JsonAssert.Equal("""
            {"type": "object",
             "properties": {
               "text": {"type": "string", "description": "The exact text whose words to count."},
               "top": {"type": "number", "description": "How many of the most frequent words to list, from 1 to 20."}},
             "required": ["text"]}
            """, JsonNode.Parse(function.JsonSchema.GetRawText()));
    }

    [Fact]
    public async Task Invoking_binds_the_arguments_runs_the_tool_and_returns_its_text()
    {
        var result = await WordStats(new TestSession()).InvokeAsync(Arguments("""{"text": "the cat saw the other cat and the dog", "top": 2}"""));

        Assert.Equal("9 words; most frequent: the (3), cat (2)", result);
    }

    [Fact]
    public async Task The_manifests_default_applies_when_the_model_leaves_a_parameter_out()
    {
        var result = await WordStats(new TestSession()).InvokeAsync(Arguments("""{"text": "b a c d"}"""));

        Assert.Equal("4 words; most frequent: a (1), b (1), c (1)", result);
    }

    [Fact]
    public async Task Bad_arguments_fail_through_the_generated_binder_naming_parameter_and_rule()
    {
        var exception = await Assert.ThrowsAsync<ToolParametersException>(
            async () => await WordStats(new TestSession()).InvokeAsync(Arguments("""{"top": 50}""")));

        Assert.Equal("word_stats", exception.ToolName);
        Assert.Equal([("text", "required"), ("top", "max")], exception.Problems.Select(problem => (problem.Parameter, problem.Rule)));
        Assert.Contains("tools/word_stats.yaml", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Form_parameters_are_added_and_win_over_the_models_arguments()
    {
        AgentParameters? bound = null;
        var function = DifyToolFunction.Create(
            AgentParameters.Descriptor,
            AgentParameters.Bind,
            (parameters, cancellationToken) => Capture(parameters, value => bound = value, cancellationToken),
            new JsonObject { ["model"] = new JsonObject { ["provider"] = "openai", ["model"] = "gpt-4o", ["model_type"] = "llm", ["mode"] = "chat" } });

        var result = await function.InvokeAsync(Arguments("""{"question": "How many words?", "model": {"provider": "evil", "model": "x"}}"""));

        Assert.NotNull(bound);
        Assert.Equal(("How many words?", "openai", "gpt-4o"), (bound.Question, bound.Model.Provider, bound.Model.Model));
        Assert.Equal("bound", result);
    }

    [Fact]
    public async Task RunAsync_returns_the_tools_messages_themselves()
    {
        var messages = await WordStats(new TestSession()).RunAsync([new("text", "one two")]);

        Assert.Equal(ToolInvokeMessageType.Text, Assert.Single(messages).Type);
    }

    private static async IAsyncEnumerable<ToolInvokeMessage> Capture(AgentParameters parameters, Action<AgentParameters> capture, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        capture(parameters);
        yield return ToolInvokeMessage.CreateText("bound");
    }
}
