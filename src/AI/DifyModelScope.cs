namespace Dify.Plugin.AI;

/// <summary>
/// The <c>scope</c> of a <c>model-selector</c> parameter, such as <c>llm&amp;tool-call&amp;vision</c>: the model type
/// the user can pick and the features Dify's model selector requires of it. Tools never learn the picked model's
/// features at run time, so the scope is all a client can know about them.
/// </summary>
public sealed record DifyModelScope
{
    /// <summary>Feature tokens that Dify's model selector counts as tool calling.</summary>
    public static IReadOnlyList<string> ToolCallFeatures { get; } = ["tool-call", "multi-tool-call", "stream-tool-call"];

    private DifyModelScope(string text, IReadOnlyList<string> tokens)
    {
        Text = text;
        Tokens = tokens;
    }

    /// <summary>The scope as the manifest spells it.</summary>
    public string Text { get; }

    /// <summary>The scope's tokens, split on <c>&amp;</c> and trimmed.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>Whether the selector only offers models that can call tools (any of <see cref="ToolCallFeatures"/>).</summary>
    public bool SupportsToolCalls => Tokens.Any(token => ToolCallFeatures.Contains(token));

    /// <summary>Whether the selector only offers models that accept images (<c>vision</c>).</summary>
    public bool SupportsVision => Has("vision");

    /// <summary>Whether the selector only offers models that produce structured output (<c>structured-output</c>).</summary>
    public bool SupportsStructuredOutput => Has("structured-output");

    /// <summary>Reads a scope; an empty scope means <c>llm</c> with no required feature, as in Dify's UI.</summary>
    /// <param name="scope">The manifest's <c>scope</c>, for example <c>llm&amp;tool-call</c>.</param>
    public static DifyModelScope Parse(string? scope)
    {
        var text = string.IsNullOrWhiteSpace(scope) ? "llm" : scope.Trim();
        return new DifyModelScope(text, text.Split('&', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The scope of a <c>model-selector</c> parameter from a generated descriptor.</summary>
    /// <param name="selector">The parameter, for example <c>LlmParameters.Descriptor.FindParameter("model")</c>.</param>
    public static DifyModelScope FromParameter(ToolParameterDescriptor selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return Parse(selector.Scope);
    }

    /// <summary>Whether a token is in the scope.</summary>
    public bool Has(string token) => Tokens.Contains(token, StringComparer.Ordinal);

    /// <inheritdoc />
    public override string ToString() => Text;
}
