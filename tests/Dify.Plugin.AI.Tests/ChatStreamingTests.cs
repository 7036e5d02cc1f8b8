using System.Text.Json;
using Dify.Plugin.Testing;
using Microsoft.Extensions.AI;
using Xunit;

namespace Dify.Plugin.AI.Tests;

public sealed class ChatStreamingTests
{
    [Fact]
    public async Task Text_arrives_chunk_by_chunk_then_usage_and_finish_reason()
    {
        var test = new TestSession();
        test.Llm.RespondWithChunks([Chunks.Text("Hel"), Chunks.Text("lo", 1), Chunks.Finish("stop", index: 2)]);

        var updates = await test.Session.Model.AsChatClient(TestModels.Llm).GetStreamingResponseAsync("hi").ToListAsync();

        Assert.Equal(["Hel", "lo", ""], updates.Select(update => update.Text));
        Assert.All(updates, update => Assert.Equal(ChatRole.Assistant, update.Role));
        Assert.Single(updates.Select(update => update.ResponseId).Distinct());
        var last = updates[^1];
        Assert.Equal(ChatFinishReason.Stop, last.FinishReason);
        var usage = Assert.Single(last.Contents.OfType<UsageContent>()).Details;
        Assert.Equal((12L, 5L, 17L), (usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount));
        Assert.True((bool)test.Llm.RequestJson()["stream"]!);
    }

    [Fact]
    public async Task Tool_call_fragments_are_merged_and_yielded_whole_at_the_end()
    {
        var test = new TestSession();
        test.Llm.RespondWithChunks(
        [
            Chunks.Text("Checking."),
            Chunks.ToolCall("call_1", "weather", """{"ci""", 1),
            Chunks.ToolCall("", "", """ty":"Oslo"}""", 2),
            Chunks.Finish("tool_calls", index: 3),
        ]);

        var updates = await test.Session.Model.AsChatClient(TestModels.Llm).GetStreamingResponseAsync("hi").ToListAsync();

        Assert.Empty(updates.SkipLast(1).SelectMany(update => update.Contents.OfType<FunctionCallContent>()));
        var call = Assert.Single(updates[^1].Contents.OfType<FunctionCallContent>());
        Assert.Equal(("call_1", "weather", "Oslo"), (call.CallId, call.Name, ((JsonElement)call.Arguments!["city"]!).GetString()));
    }

    [Fact]
    public async Task Updates_fold_into_the_same_response_as_the_non_streaming_call()
    {
        var test = new TestSession();
        LLMResultChunk[] chunks = [Chunks.Text("It is "), Chunks.Text("sunny.", 1), Chunks.ToolCall("call_9", "log", "{}", 2), Chunks.Finish("stop", index: 3)];
        test.Llm.RespondWithChunks(chunks);
        test.Llm.RespondWithChunks(chunks);
        var client = test.Session.Model.AsChatClient(TestModels.Llm);

        var streamed = await client.GetStreamingResponseAsync("hi").ToChatResponseAsync();
        var whole = await client.GetResponseAsync("hi");

        Assert.Equal(whole.Text, streamed.Text);
        Assert.Equal(whole.FinishReason, streamed.FinishReason);
        Assert.Equal(whole.Usage?.TotalTokenCount, streamed.Usage?.TotalTokenCount);
        Assert.Equal(
            whole.Messages.SelectMany(message => message.Contents.OfType<FunctionCallContent>()).Select(call => call.CallId),
            streamed.Messages.SelectMany(message => message.Contents.OfType<FunctionCallContent>()).Select(call => call.CallId));
    }
}
