using Microsoft.Extensions.AI;

namespace Dify.Plugin.AI.Chat;

/// <summary>Maps MEAI chat messages to Dify's prompt messages.</summary>
internal static class ChatMessageMapping
{
    public static List<PromptMessage> ToPromptMessages(IEnumerable<ChatMessage> messages, string? instructions)
    {
        var prompt = new List<PromptMessage>();
        if (!string.IsNullOrEmpty(instructions))
        {
            prompt.Add(new SystemPromptMessage(instructions));
        }

        foreach (var message in messages)
        {
            prompt.AddRange(ToPromptMessages(message));
        }

        return prompt;
    }

    private static IEnumerable<PromptMessage> ToPromptMessages(ChatMessage message)
    {
        // Tool results become tool messages whatever the role of the message that carries them, as Dify wants one per call.
        foreach (var result in message.Contents.OfType<FunctionResultContent>())
        {
            yield return new ToolPromptMessage(ResultText(result), result.CallId);
        }

        var calls = message.Contents.OfType<FunctionCallContent>().ToArray();
        var content = ToMessageContent(message.Contents);
        if (content.IsEmpty && calls.Length == 0)
        {
            yield break;
        }

        var role = message.Role;
        if (role == ChatRole.Assistant || calls.Length > 0)
        {
            yield return new AssistantPromptMessage(content)
            {
                Name = message.AuthorName,
                ToolCalls = calls.Select(ToToolCall).ToArray(),
            };
        }
        else if (role == ChatRole.System)
        {
            yield return new SystemPromptMessage(content) { Name = message.AuthorName };
        }
        else if (role.Value == "developer")
        {
            yield return new DeveloperPromptMessage(content) { Name = message.AuthorName };
        }
        else if (role == ChatRole.User)
        {
            yield return new UserPromptMessage(content) { Name = message.AuthorName };
        }
        else
        {
            throw new NotSupportedException($"Dify has no prompt message for the role '{role.Value}' without tool results.");
        }
    }

    /// <summary>Plain text stays a string, as the Python SDK sends it; media makes a list of parts.</summary>
    private static MessageContent ToMessageContent(IList<AIContent> contents)
    {
        var parts = new List<PromptMessageContent>();
        foreach (var content in contents)
        {
            switch (content)
            {
                case TextContent text:
                    parts.Add(new TextPromptMessageContent(text.Text));
                    break;
                case DataContent data:
                    parts.Add(ContentPartMapping.ToPart(data));
                    break;
                case UriContent uri:
                    parts.Add(ContentPartMapping.ToPart(uri));
                    break;
                default:
                    // Function calls and results are mapped separately; reasoning and usage have no place in a prompt.
                    break;
            }
        }

        if (parts.All(part => part is TextPromptMessageContent))
        {
            return parts.Count == 0 ? MessageContent.None : string.Concat(parts.Cast<TextPromptMessageContent>().Select(part => part.Data));
        }

        return parts;
    }

    private static AssistantPromptMessage.ToolCall ToToolCall(FunctionCallContent call) =>
        new(call.CallId, "function", new AssistantPromptMessage.ToolCallFunction(
            call.Name,
            call.Arguments is null ? "{}" : JsonValues.ToObject(call.Arguments).ToJsonString()));

    private static string ResultText(FunctionResultContent result) =>
        result.Exception is { } exception && result.Result is null ? $"Error: {exception.Message}" : JsonValues.ToText(result.Result);
}
