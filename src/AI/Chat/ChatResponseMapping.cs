using Microsoft.Extensions.AI;

namespace Dify.Plugin.AI.Chat;

/// <summary>Maps Dify's LLM results to MEAI responses.</summary>
internal static class ChatResponseMapping
{
    /// <summary>The <see cref="ChatResponse.AdditionalProperties"/> key of the structured output Dify returned, as a JSON string.</summary>
    public const string StructuredOutputProperty = "structured_output";

    public static ChatResponse ToChatResponse(LLMResult result)
    {
        var contents = ToContents(result.Message.Content);
        if (result is LLMResultWithStructuredOutput { StructuredOutput: { } structured })
        {
            // The structured output is the answer: Dify parsed (and repaired) it from the model's text.
            contents.RemoveAll(content => content is TextContent);
            contents.Insert(0, new TextContent(structured.ToJsonString()));
        }

        contents.AddRange(result.Message.ToolCalls.Select(ToFunctionCall));
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, contents) { RawRepresentation = result.Message })
        {
            ModelId = result.Model,
            FinishReason = ToFinishReason(result.FinishReason),
            Usage = ToUsage(result.Usage),
            RawRepresentation = result,
        };
    }

    public static List<AIContent> ToContents(MessageContent content)
    {
        if (content.IsText)
        {
            return content.Text!.Length > 0 ? [new TextContent(content.Text)] : [];
        }

        var contents = new List<AIContent>();
        foreach (var part in content.Parts)
        {
            contents.Add(part switch
            {
                TextPromptMessageContent text => new TextContent(text.Data) { RawRepresentation = text },
                MultiModalPromptMessageContent media => ContentPartMapping.ToContent(media),
                _ => throw new NotSupportedException($"Unknown content part {part.GetType().Name}."),
            });
        }

        return contents;
    }

    public static FunctionCallContent ToFunctionCall(AssistantPromptMessage.ToolCall call)
    {
        var content = FunctionCallContent.CreateFromParsedArguments(call.Function.Arguments, call.Id, call.Function.Name, JsonValues.ParseArguments);
        content.RawRepresentation = call;
        return content;
    }

    public static ChatFinishReason? ToFinishReason(string? reason) => reason switch
    {
        null or "" => null,
        "stop" => ChatFinishReason.Stop,
        "length" => ChatFinishReason.Length,
        "tool_calls" or "function_call" => ChatFinishReason.ToolCalls,
        "content_filter" => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(reason),
    };

    public static UsageDetails ToUsage(LLMUsage usage) => new()
    {
        InputTokenCount = usage.PromptTokens,
        OutputTokenCount = usage.CompletionTokens,
        TotalTokenCount = usage.TotalTokens,
    };
}
