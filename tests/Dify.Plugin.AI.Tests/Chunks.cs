namespace Dify.Plugin.AI.Tests;

/// <summary>Chunks as a provider streams them through Dify.</summary>
internal static class Chunks
{
    public static LLMUsage Usage { get; } = new() { PromptTokens = 12, CompletionTokens = 5, TotalTokens = 17, TotalPrice = 0.0001m, Currency = "USD" };

    public static LLMResultChunk Text(string text, int index = 0) => new()
    {
        Model = "gpt-4o-mini-2024-07-18",
        Delta = new LLMResultChunkDelta { Index = index, Message = new AssistantPromptMessage(text) },
    };

    public static LLMResultChunk ToolCall(string id, string name, string arguments, int index = 0) => new()
    {
        Model = "gpt-4o-mini-2024-07-18",
        Delta = new LLMResultChunkDelta
        {
            Index = index,
            Message = new AssistantPromptMessage { ToolCalls = [new AssistantPromptMessage.ToolCall(id, id.Length > 0 ? "function" : "", new AssistantPromptMessage.ToolCallFunction(name, arguments))] },
        },
    };

    public static LLMResultChunk Finish(string reason, LLMUsage? usage = null, int index = 0) => new()
    {
        Model = "gpt-4o-mini-2024-07-18",
        Delta = new LLMResultChunkDelta { Index = index, Usage = usage ?? Usage, FinishReason = reason },
    };
}
