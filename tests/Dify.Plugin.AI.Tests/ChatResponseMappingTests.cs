using System.Text.Json;
using Dify.Plugin.Invocation;
using Dify.Plugin.Testing;
using Microsoft.Extensions.AI;
using Xunit;

namespace Dify.Plugin.AI.Tests;

public sealed class ChatResponseMappingTests
{
    [Fact]
    public async Task Text_usage_model_and_finish_reason_come_back()
    {
        var test = new TestSession();
        test.Llm.RespondWithChunks([Chunks.Text("Hello"), Chunks.Text(", world", 1), Chunks.Finish("stop", index: 2)]);

        var response = await test.Session.Model.AsChatClient(TestModels.Llm).GetResponseAsync("hi");

        Assert.Equal("Hello, world", response.Text);
        var message = Assert.Single(response.Messages);
        Assert.Equal(ChatRole.Assistant, message.Role);
        Assert.Equal("gpt-4o-mini-2024-07-18", response.ModelId);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(12, response.Usage?.InputTokenCount);
        Assert.Equal(5, response.Usage?.OutputTokenCount);
        Assert.Equal(17, response.Usage?.TotalTokenCount);
        Assert.Equal(0.0001m, Assert.IsType<LLMResult>(response.RawRepresentation).Usage.TotalPrice);
    }

    [Fact]
    public async Task Tool_calls_become_FunctionCallContents_with_parsed_arguments()
    {
        var test = new TestSession();
        test.Llm.RespondWithChunks(
        [
            Chunks.ToolCall("call_1", "weather", """{"city":"""),
            Chunks.ToolCall("", "", """ "Paris", "days": 2}""", 1),
            Chunks.ToolCall("call_2", "time", "", 2),
            Chunks.Finish("tool_calls", index: 3),
        ]);

        var response = await test.Session.Model.AsChatClient(TestModels.Llm).GetResponseAsync("hi");

        var calls = response.Messages.Single().Contents.OfType<FunctionCallContent>().ToArray();
        Assert.Equal(2, calls.Length);
        Assert.Equal(("call_1", "weather"), (calls[0].CallId, calls[0].Name));
        Assert.Equal("Paris", ((JsonElement)calls[0].Arguments!["city"]!).GetString());
        Assert.Equal(2, ((JsonElement)calls[0].Arguments!["days"]!).GetInt32());
        Assert.Equal(("call_2", "time"), (calls[1].CallId, calls[1].Name));
        Assert.Empty(calls[1].Arguments!);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public async Task Arguments_that_are_not_a_JSON_object_are_reported_on_the_call()
    {
        var test = new TestSession();
        test.Llm.RespondWithChunks([Chunks.ToolCall("call_1", "weather", "Paris"), Chunks.Finish("tool_calls", index: 1)]);

        var response = await test.Session.Model.AsChatClient(TestModels.Llm).GetResponseAsync("hi");

        var call = response.Messages.Single().Contents.OfType<FunctionCallContent>().Single();
        Assert.NotNull(call.Exception);
    }

    [Theory]
    [InlineData("length", "length")]
    [InlineData("content_filter", "content_filter")]
    [InlineData("function_call", "tool_calls")]
    [InlineData("end_turn", "end_turn")]
    public async Task Finish_reasons_map_to_MEAIs_where_they_exist(string difyReason, string expected)
    {
        var test = new TestSession();
        test.Llm.RespondWithChunks([Chunks.Text("x"), Chunks.Finish(difyReason, index: 1)]);

        var response = await test.Session.Model.AsChatClient(TestModels.Llm).GetResponseAsync("hi");

        Assert.Equal(expected, response.FinishReason?.Value);
    }

    [Fact]
    public async Task Media_parts_in_the_answer_become_data_and_uri_contents()
    {
        var test = new TestSession();
        var parts = new PromptMessageContent[]
        {
            new TextPromptMessageContent("Here: "),
            new ImagePromptMessageContent { Format = "png", MimeType = "image/png", Base64Data = "AQID", Detail = ImageDetail.High },
            new AudioPromptMessageContent { Format = "mp3", MimeType = "audio/mpeg", Url = "https://example.com/a.mp3" },
        };
        test.Llm.RespondWithChunks([new LLMResultChunk { Delta = new LLMResultChunkDelta { Message = new AssistantPromptMessage(parts) } }, Chunks.Finish("stop", index: 1)]);

        var response = await test.Session.Model.AsChatClient(TestModels.Llm).GetResponseAsync("draw");

        var contents = response.Messages.Single().Contents;
        Assert.Equal("Here: ", Assert.IsType<TextContent>(contents[0]).Text);
        var image = Assert.IsType<DataContent>(contents[1]);
        Assert.Equal(new byte[] { 1, 2, 3 }, image.Data.ToArray());
        Assert.Equal("image/png", image.MediaType);
        Assert.Equal("high", image.AdditionalProperties?["detail"]);
        var audio = Assert.IsType<UriContent>(contents[2]);
        Assert.Equal(new Uri("https://example.com/a.mp3"), audio.Uri);
        Assert.Equal("audio/mpeg", audio.MediaType);
    }

    [Fact]
    public async Task Difys_error_surfaces_as_its_invocation_exception()
    {
        var test = new TestSession();
        test.Llm.RespondWithError("permission denied, you need to enable llm access in plugin manifest");

        var exception = await Assert.ThrowsAsync<DifyInvocationException>(() => test.Session.Model.AsChatClient(TestModels.Llm).GetResponseAsync("hi"));

        Assert.Contains("enable llm access", exception.Message, StringComparison.Ordinal);
    }
}
