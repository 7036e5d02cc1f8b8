using System.Text.Json;
using System.Text.Json.Nodes;
using Dify.Plugin.Testing;
using Microsoft.Extensions.AI;
using Xunit;

namespace Dify.Plugin.AI.Tests;

public sealed class StructuredOutputTests
{
    private const string Schema = """{"type":"object","properties":{"colour":{"type":"string"}},"required":["colour"]}""";

    private static ChatOptions JsonSchemaOptions => new()
    {
        ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse(Schema).RootElement, "colour"),
    };

    private static LLMResultChunkWithStructuredOutput StructuredChunk(string text, JsonObject? output, string? finishReason = null) => new()
    {
        Model = "gpt-4o",
        Delta = new LLMResultChunkDelta { Message = new AssistantPromptMessage(text), FinishReason = finishReason, Usage = finishReason is null ? null : Chunks.Usage },
        StructuredOutput = output,
    };

    [Fact]
    public async Task A_json_schema_goes_to_llm_structured_output_and_the_answer_is_the_structured_output()
    {
        var test = new TestSession();
        test.LlmStructuredOutput.RespondWithChunks([StructuredChunk("```json\n{\"colour\": \"red\"}\n```", new JsonObject { ["colour"] = "red" }, "stop")]);

        var response = await test.Session.Model.AsChatClient(TestModels.Llm).GetResponseAsync("Name a colour", JsonSchemaOptions);

        Assert.Empty(test.Llm.Requests);
        var request = test.LlmStructuredOutput.RequestJson();
        JsonAssert.Equal(Schema, request["structured_output_schema"]);
        Assert.False((bool)request["stream"]!);
        JsonAssert.Equal("""{"colour":"red"}""", JsonNode.Parse(response.Text));
        Assert.Equal(17, response.Usage?.TotalTokenCount);
    }

    [Fact]
    public async Task Streaming_yields_the_text_and_the_structured_output_on_the_last_update()
    {
        var test = new TestSession();
        test.LlmStructuredOutput.RespondWithChunks(
        [
            StructuredChunk("{\"colour\": ", null),
            StructuredChunk("\"blue\"}", null),
            StructuredChunk("", new JsonObject { ["colour"] = "blue" }, "stop"),
        ]);

        var updates = await test.Session.Model.AsChatClient(TestModels.Llm).GetStreamingResponseAsync("Name a colour", JsonSchemaOptions).ToListAsync();

        Assert.True((bool)test.LlmStructuredOutput.RequestJson()["stream"]!);
        Assert.Equal("{\"colour\": \"blue\"}", string.Concat(updates.Select(update => update.Text)));
        JsonAssert.Equal("""{"colour":"blue"}""", JsonNode.Parse((string)updates[^1].AdditionalProperties!["structured_output"]!));
    }
}
