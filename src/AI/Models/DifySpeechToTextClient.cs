using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Dify.Plugin.AI;

/// <summary>
/// An <see cref="ISpeechToTextClient"/> over a workspace speech-to-text model (<c>Session.Model.Speech2Text</c>).
/// Experimental (MEAI001), as MEAI's interface is. Dify transcribes the whole file at once, so streaming yields one update.
/// </summary>
[Experimental("MEAI001")]
public sealed class DifySpeechToTextClient : ISpeechToTextClient
{
    private readonly Speech2TextInvocation _invocation;

    /// <summary>Creates a client for one model config.</summary>
    /// <param name="models">The session's model endpoints (<c>Session.Model</c>).</param>
    /// <param name="model">The model, typically a <c>model-selector</c> parameter with <c>scope: speech2text</c>.</param>
    public DifySpeechToTextClient(ModelInvocations models, Speech2TextModelConfig model)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(model);
        _invocation = models.Speech2Text;
        Model = model;
        Metadata = new SpeechToTextClientMetadata("dify", null, model.Model);
    }

    /// <summary>The model config every request starts from.</summary>
    public Speech2TextModelConfig Model { get; }

    /// <summary>The provider name <c>dify</c> and the model name.</summary>
    public SpeechToTextClientMetadata Metadata { get; }

    /// <inheritdoc />
    public async Task<SpeechToTextResponse> GetTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audioSpeechStream);
        var model = string.IsNullOrEmpty(options?.ModelId) ? Model : Model with { Model = options.ModelId };
        var text = await _invocation.InvokeAsync(model, audioSpeechStream, cancellationToken).ConfigureAwait(false);
        return new SpeechToTextResponse(text) { ModelId = model.Model };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(
        Stream audioSpeechStream,
        SpeechToTextOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetTextAsync(audioSpeechStream, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToSpeechToTextResponseUpdates())
        {
            yield return update;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        ServiceLookup.Find(this, serviceType, serviceKey, Metadata, Model);

    /// <summary>Nothing to release: the session owns the connection to Dify.</summary>
    public void Dispose()
    {
    }
}
