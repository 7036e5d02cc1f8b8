namespace Dify.Plugin.AI;

/// <summary>Checks text for unsafe content; Microsoft.Extensions.AI has no abstraction for it.</summary>
public interface IModerationClient
{
    /// <summary>Returns <see langword="true"/> when <paramref name="text"/> contains sensitive content.</summary>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    Task<bool> IsFlaggedAsync(string text, CancellationToken cancellationToken = default);
}

/// <summary>An <see cref="IModerationClient"/> over a workspace moderation model (<c>Session.Model.Moderation</c>).</summary>
public sealed class DifyModerationClient : IModerationClient
{
    private readonly ModerationInvocation _invocation;

    /// <summary>Creates a client for one model config.</summary>
    /// <param name="models">The session's model endpoints (<c>Session.Model</c>).</param>
    /// <param name="model">The model, typically a <c>model-selector</c> parameter with <c>scope: moderation</c>.</param>
    public DifyModerationClient(ModelInvocations models, ModerationModelConfig model)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(model);
        _invocation = models.Moderation;
        Model = model;
    }

    /// <summary>The model config every request uses.</summary>
    public ModerationModelConfig Model { get; }

    /// <inheritdoc />
    public Task<bool> IsFlaggedAsync(string text, CancellationToken cancellationToken = default) =>
        _invocation.InvokeAsync(Model, text, cancellationToken);
}
