using System.Text.Json.Nodes;
using Xunit;

namespace Dify.Plugin.Hosting.Tests.Fixture;

/// <summary>What the fake daemon answers a plugin's backwards invocations with: an LLM stream, a failure, a slow echo.</summary>
internal static class FakeDaemonAnswers
{
    public static IAsyncEnumerable<JsonObject> Llm(JsonObject invoke, params string[] pieces)
    {
        Assert.Equal("llm", (string?)invoke["type"]);
        return DaemonConnection.LlmAnswer(pieces);
    }

    public static async IAsyncEnumerable<JsonObject> Fail(string message)
    {
        await Task.Yield();
        throw new InvalidOperationException(message);
#pragma warning disable CS0162 // An async iterator needs a yield.
        yield break;
#pragma warning restore CS0162
    }

    public static async IAsyncEnumerable<JsonObject> EchoSlowly(JsonObject invoke, int index)
    {
        var question = (string?)invoke["request"]!["prompt_messages"]![0]!["content"];
        await Task.Delay(Random.Shared.Next(0, 30));
        await foreach (var chunk in DaemonConnection.LlmAnswer("answer to ", question!))
        {
            await Task.Delay(Random.Shared.Next(0, 5));
            yield return chunk;
        }

        _ = index;
    }
}
