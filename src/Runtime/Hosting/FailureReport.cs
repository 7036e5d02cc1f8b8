namespace Dify.Plugin.Hosting;

/// <summary>
/// What of a failed session goes where: Dify gets the exception's type and message in the session's <c>error</c> (as
/// the Python SDK sends it), but the log gets only the type and where it was thrown, since a message may quote
/// parameter values or credentials. For binding failures, the log names the parameters and rules.
/// </summary>
internal static class FailureReport
{
    private const string SecretNotShown = "the value breaks this rule; it is not repeated because the parameter is a secret-input.";

    public static string ForLog(Exception failure) => failure switch
    {
        ToolParametersException parameters =>
            $"{nameof(ToolParametersException)}: {string.Join(", ", parameters.Problems.Select(problem => $"parameter '{LogText.Escape(problem.Parameter)}' [{LogText.Escape(problem.Rule)}]"))}",
        _ => $"{failure.GetType().Name} {Where(failure)}(its message went to Dify with the session's error, not to this log)",
    };

    /// <summary>
    /// The exception with the messages about secret-input parameters replaced, since Dify's daemon logs the errors it
    /// receives (<c>internal/core/io_tunnel/generic.go:134-152</c>, "plugin returned error response").
    /// </summary>
    public static ToolParametersException WithoutSecretValues(ToolParametersException exception, ToolDescriptor? descriptor)
    {
        if (descriptor is null || !exception.Problems.Any(problem => IsSecret(problem, descriptor)))
        {
            return exception;
        }

        var problems = exception.Problems
            .Select(problem => IsSecret(problem, descriptor) ? problem with { Message = SecretNotShown } : problem)
            .ToArray();
        return new ToolParametersException(exception.ToolName, problems);
    }

    private static bool IsSecret(ToolParameterProblem problem, ToolDescriptor descriptor) =>
        descriptor.FindParameter(problem.Parameter)?.Type == "secret-input";

    private static string Where(Exception failure)
    {
        var firstFrame = failure.StackTrace?.Split('\n', 2)[0].Trim();
        if (string.IsNullOrEmpty(firstFrame))
        {
            return "";
        }

        var inFile = firstFrame.IndexOf(" in ", StringComparison.Ordinal);
        return LogText.Escape(inFile > 0 ? firstFrame[..inFile] : firstFrame, 200) + " ";
    }
}
