namespace Dify.Plugin.Invocation;

/// <summary>
/// Dify answered a backwards invocation with an <c>error</c> frame, for example
/// <c>permission denied, you need to enable llm access in plugin manifest</c>.
/// </summary>
public class DifyInvocationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DifyInvocationException(InvokeType invokeType, string difyMessage, string? backwardsRequestId = null, Exception? innerException = null)
        : base($"Dify rejected the '{invokeType.ToWireName()}' invocation: {difyMessage}", innerException)
    {
        InvokeType = invokeType;
        DifyMessage = difyMessage;
        BackwardsRequestId = backwardsRequestId;
    }

    /// <summary>The invocation that failed.</summary>
    public InvokeType InvokeType { get; }

    /// <summary>Dify's message, verbatim.</summary>
    public string DifyMessage { get; }

    /// <summary>The correlation id of the failed invocation, when known.</summary>
    public string? BackwardsRequestId { get; }

    /// <summary>Whether Dify refused for lack of a permission in <c>manifest.yaml</c>'s <c>resource.permission</c>.</summary>
    public bool IsPermissionDenied => DifyMessage.StartsWith("permission denied", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A backwards invocation got no frame from Dify for longer than the invocation timeout.</summary>
public sealed class DifyInvocationTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public DifyInvocationTimeoutException(InvokeType invokeType, TimeSpan timeout)
        : base($"The '{invokeType.ToWireName()}' invocation got no response from Dify for {timeout.TotalSeconds:0.###} seconds "
            + "(invocation exited without response). Raise SessionOptions.InvocationTimeout (MAX_INVOCATION_TIMEOUT) for long model calls.")
    {
        InvokeType = invokeType;
        Timeout = timeout;
    }

    /// <summary>The invocation that timed out.</summary>
    public InvokeType InvokeType { get; }

    /// <summary>The timeout that elapsed.</summary>
    public TimeSpan Timeout { get; }
}

/// <summary>Dify's answer to a backwards invocation did not have the expected shape.</summary>
public sealed class DifyProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DifyProtocolException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
