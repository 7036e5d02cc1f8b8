namespace Dify.Plugin;

/// <summary>One thing wrong with a parameter value Dify sent to a tool.</summary>
/// <param name="Parameter">The parameter's name in the manifest.</param>
/// <param name="Rule">The rule the value breaks, such as <c>required</c>, <c>type</c>, <c>options</c>, <c>min</c> or <c>max</c>.</param>
/// <param name="Message">What is wrong and what to do.</param>
/// <param name="ManifestPath">The tool manifest that declares the parameter, when known.</param>
/// <param name="ManifestLine">The 1-based line of the parameter in that manifest, when known.</param>
public sealed record ToolParameterProblem(string Parameter, string Rule, string Message, string? ManifestPath = null, int? ManifestLine = null)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var where = ManifestPath is null ? "" : ManifestLine is { } line ? $" ({ManifestPath}:{line})" : $" ({ManifestPath})";
        return $"parameter '{Parameter}' [{Rule}]{where}: {Message}";
    }
}

/// <summary>The parameters Dify sent do not fit the tool's manifest. Lists every problem, not only the first.</summary>
public sealed class ToolParametersException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public ToolParametersException(string? toolName, IReadOnlyList<ToolParameterProblem> problems)
        : base(FormatMessage(toolName, problems))
    {
        ToolName = toolName;
        Problems = problems;
    }

    /// <summary>The tool whose parameters were wrong, when known.</summary>
    public string? ToolName { get; }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<ToolParameterProblem> Problems { get; }

    private static string FormatMessage(string? toolName, IReadOnlyList<ToolParameterProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var noun = problems.Count == 1 ? "problem" : "problems";
        var subject = toolName is null ? "The tool parameters" : $"The parameters of tool '{toolName}'";
        return $"{subject} have {problems.Count} {noun}:{Environment.NewLine}  "
            + string.Join(Environment.NewLine + "  ", problems);
    }
}
