using Microsoft.Extensions.AI;

namespace Dify.Plugin.AI.Chat;

/// <summary>The update that closes a streamed answer: whole tool calls, usage, finish reason and structured output.</summary>
internal static class StreamingCompletion
{
    public static ChatResponseUpdate LastUpdate(LLMResultWithStructuredOutput result, string responseId)
    {
        var contents = new List<AIContent>(result.Message.ToolCalls.Select(ChatResponseMapping.ToFunctionCall))
        {
            new UsageContent(ChatResponseMapping.ToUsage(result.Usage)),
        };
        var update = new ChatResponseUpdate(ChatRole.Assistant, contents)
        {
            ResponseId = responseId,
            MessageId = responseId,
            ModelId = result.Model,
            FinishReason = ChatResponseMapping.ToFinishReason(result.FinishReason),
            RawRepresentation = result,
        };
        if (result.StructuredOutput is { } structured)
        {
            update.AdditionalProperties = new() { [ChatResponseMapping.StructuredOutputProperty] = structured.ToJsonString() };
        }

        return update;
    }
}
