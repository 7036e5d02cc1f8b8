using System.Text.Json.Nodes;
using Dify.Plugin.Testing;

namespace Dify.Plugin.AI.Tests;

/// <summary>Model configs as a model selector would give them, and the parsed wire JSON of recorded requests.</summary>
internal static class TestModels
{
    public static LLMModelConfig Llm { get; } = new()
    {
        Provider = "langgenius/openai/openai",
        Model = "gpt-4o-mini",
        Mode = "chat",
        CompletionParams = new JsonObject { ["temperature"] = 0.7 },
    };

    public static JsonObject RequestJson(this LlmScript script, int index = 0) => script.Requests[index].Json;
}
