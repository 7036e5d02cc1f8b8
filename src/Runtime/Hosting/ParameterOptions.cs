namespace Dify.Plugin;

/// <summary>An option of a <c>dynamic-select</c> parameter.</summary>
/// <param name="Value">What Dify sends when the option is picked.</param>
/// <param name="Label">What the user sees.</param>
/// <param name="Icon">An icon URL or data URI, if any.</param>
public sealed record ParameterOption(string Value, I18nText Label, string? Icon = null);

/// <summary>
/// Implemented by a tool with <c>dynamic-select</c> parameters: Dify asks for their options when the user opens the
/// drop-down (<c>fetch_parameter_options</c>).
/// </summary>
public interface IParameterOptionsSource
{
    /// <summary>The options of <paramref name="parameter"/>, for the user and credentials of <paramref name="runtime"/>.</summary>
    ValueTask<IReadOnlyList<ParameterOption>> FetchParameterOptionsAsync(string parameter, ToolRuntime runtime, CancellationToken cancellationToken);
}
