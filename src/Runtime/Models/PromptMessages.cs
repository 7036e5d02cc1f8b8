using System.Text.Json.Nodes;

namespace Dify.Plugin;

/// <summary>A message in a prompt (Python SDK: <c>PromptMessage</c>). Use one of the role-specific types.</summary>
public abstract record PromptMessage
{
    private protected PromptMessage(MessageContent content) => Content = content;

    /// <summary>The role, fixed by each message type.</summary>
    public abstract PromptMessageRole Role { get; }

    /// <summary>A string, a list of parts, or nothing.</summary>
    public MessageContent Content { get; init; }

    /// <summary>An optional name of the author of the message.</summary>
    public string? Name { get; init; }

    /// <summary>The text of the content (text parts joined when the content is a list).</summary>
    public string GetTextContent() => Content.GetText();
}

/// <summary>A system message (<c>role: system</c>).</summary>
public sealed record SystemPromptMessage(MessageContent Content) : PromptMessage(Content)
{
    /// <inheritdoc />
    public override PromptMessageRole Role => PromptMessageRole.System;
}

/// <summary>A user message (<c>role: user</c>).</summary>
public sealed record UserPromptMessage(MessageContent Content) : PromptMessage(Content)
{
    /// <inheritdoc />
    public override PromptMessageRole Role => PromptMessageRole.User;
}

/// <summary>A developer message (<c>role: developer</c>), for models that distinguish it from system messages.</summary>
public sealed record DeveloperPromptMessage(MessageContent Content) : PromptMessage(Content)
{
    /// <inheritdoc />
    public override PromptMessageRole Role => PromptMessageRole.Developer;
}

/// <summary>The result of a tool call, sent back to the model (<c>role: tool</c>).</summary>
public sealed record ToolPromptMessage(MessageContent Content, string ToolCallId) : PromptMessage(Content)
{
    /// <inheritdoc />
    public override PromptMessageRole Role => PromptMessageRole.Tool;
}

/// <summary>A message from the model (<c>role: assistant</c>), possibly with tool calls.</summary>
public sealed record AssistantPromptMessage : PromptMessage
{
    /// <summary>Creates an assistant message.</summary>
    public AssistantPromptMessage(MessageContent content = default)
        : base(content)
    {
    }

    /// <inheritdoc />
    public override PromptMessageRole Role => PromptMessageRole.Assistant;

    /// <summary>The tools the model asks to call.</summary>
    public IReadOnlyList<ToolCall> ToolCalls { get; init; } = [];

    /// <summary>Provider-specific data carried through unchanged. The daemon expects <see langword="null"/> on requests.</summary>
    public JsonNode? OpaqueBody { get; init; }

    /// <summary>A tool call requested by the model.</summary>
    /// <param name="Id">The call's id, echoed back in <see cref="ToolPromptMessage.ToolCallId"/>.</param>
    /// <param name="Type">Usually <c>function</c>.</param>
    /// <param name="Function">The function and its arguments.</param>
    public sealed record ToolCall(string Id, string Type, ToolCallFunction Function);

    /// <summary>The function a tool call names.</summary>
    /// <param name="Name">The tool's name.</param>
    /// <param name="Arguments">The arguments, as a JSON string.</param>
    public sealed record ToolCallFunction(string Name, string Arguments);
}

/// <summary>A tool the model may call (Python SDK: <c>PromptMessageTool</c>).</summary>
/// <param name="Name">The tool's name.</param>
/// <param name="Description">What the tool does, for the model.</param>
/// <param name="Parameters">A JSON Schema object: <c>{"type": "object", "properties": {…}, "required": […]}</c>.</param>
public sealed record PromptMessageTool(string Name, string Description, JsonObject Parameters);
