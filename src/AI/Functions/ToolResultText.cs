using System.Text;
using System.Text.Json.Nodes;

namespace Dify.Plugin.AI;

/// <summary>
/// Turns a tool's messages into the text a model reads as the function result, the way Dify's agent runner presents
/// tool output: text as it is, links and images as a note that the user has them, JSON as JSON text (unless the tool
/// asked to suppress it). Files, variables, logs and retriever resources are for the user and the workflow, not the
/// model, and are left out.
/// </summary>
public static class ToolResultText
{
    /// <summary>The text for <paramref name="messages"/>.</summary>
    /// <param name="messages">The messages a tool produced, in order.</param>
    public static string From(IEnumerable<ToolInvokeMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var text = new StringBuilder();
        var json = new List<string>();
        foreach (var message in messages)
        {
            switch (message.Type)
            {
                case ToolInvokeMessageType.Text:
                    text.Append(message.Text);
                    break;
                case ToolInvokeMessageType.Link:
                    text.Append($"result link: {message.Text}. please tell user to check it.");
                    break;
                case ToolInvokeMessageType.Image or ToolInvokeMessageType.ImageLink:
                    text.Append("image has been created and sent to user already, you do not need to create it, just tell the user to check it now.");
                    break;
                case ToolInvokeMessageType.Json when !IsSuppressed(message):
                    json.Add(message.Message!["json_object"]?.ToJsonString() ?? "null");
                    break;
                default:
                    break;
            }
        }

        if (json.Count > 0)
        {
            text.Append(string.Join("\n", json));
        }

        return text.ToString();
    }

    private static bool IsSuppressed(ToolInvokeMessage message) =>
        message.Message is { } body && body["suppress_output"] is JsonValue suppress && suppress.TryGetValue<bool>(out var value) && value;
}
