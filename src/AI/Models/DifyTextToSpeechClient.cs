using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Dify.Plugin.AI;

/// <summary>
/// An <see cref="ITextToSpeechClient"/> over a workspace text-to-speech model (<c>Session.Model.Tts</c>).
/// Experimental (MEAI001), as MEAI's interface is.
/// </summary>
/// <remarks>
/// <see cref="TextToSpeechOptions.VoiceId"/> replaces the voice picked in the model selector and
/// <see cref="TextToSpeechOptions.ModelId"/> the model name. Dify does not say which format the provider returns;
/// the audio is labelled <see cref="MediaType"/> (mp3, what most providers produce).
/// </remarks>
[Experimental("MEAI001")]
public sealed class DifyTextToSpeechClient : ITextToSpeechClient
{
    private readonly TtsInvocation _invocation;

    /// <summary>Creates a client for one model config.</summary>
    /// <param name="models">The session's model endpoints (<c>Session.Model</c>).</param>
    /// <param name="model">The model and voice, typically a <c>model-selector</c> parameter with <c>scope: tts</c>.</param>
    /// <param name="mediaType">The media type the audio is labelled with.</param>
    public DifyTextToSpeechClient(ModelInvocations models, TTSModelConfig model, string mediaType = "audio/mpeg")
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaType);
        _invocation = models.Tts;
        Model = model;
        MediaType = mediaType;
        Metadata = new TextToSpeechClientMetadata("dify", null, model.Model);
    }

    /// <summary>The model config every request starts from.</summary>
    public TTSModelConfig Model { get; }

    /// <summary>The media type of the audio.</summary>
    public string MediaType { get; }

    /// <summary>The provider name <c>dify</c> and the model name.</summary>
    public TextToSpeechClientMetadata Metadata { get; }

    /// <inheritdoc />
    public async Task<TextToSpeechResponse> GetAudioAsync(string text, TextToSpeechOptions? options = null, CancellationToken cancellationToken = default)
    {
        var model = Configure(options);
        using var audio = new MemoryStream();
        await _invocation.InvokeAsync(model, text, audio, cancellationToken).ConfigureAwait(false);
        return new TextToSpeechResponse([new DataContent(audio.ToArray(), MediaType)]) { ModelId = model.Model };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<TextToSpeechResponseUpdate> GetStreamingAudioAsync(
        string text,
        TextToSpeechOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var model = Configure(options);
        await foreach (var segment in _invocation.InvokeStreamingAsync(model, text, cancellationToken).ConfigureAwait(false))
        {
            yield return new TextToSpeechResponseUpdate([new DataContent(segment, MediaType)])
            {
                Kind = TextToSpeechResponseUpdateKind.AudioUpdating,
                ModelId = model.Model,
            };
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        ServiceLookup.Find(this, serviceType, serviceKey, Metadata, Model);

    /// <summary>Nothing to release: the session owns the connection to Dify.</summary>
    public void Dispose()
    {
    }

    private TTSModelConfig Configure(TextToSpeechOptions? options) => Model with
    {
        Model = string.IsNullOrEmpty(options?.ModelId) ? Model.Model : options.ModelId,
        Voice = string.IsNullOrEmpty(options?.VoiceId) ? Model.Voice : options.VoiceId,
    };
}
