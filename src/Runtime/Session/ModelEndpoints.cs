using System.Runtime.CompilerServices;
using Dify.Plugin.Invocation;
using Dify.Plugin.Serialization;

namespace Dify.Plugin;

/// <summary>
/// Summarizes text with the workspace's system model (Python SDK: <c>session.model.summary</c>). Needs the
/// <c>llm</c> model permission.
/// </summary>
public sealed class SummaryInvocation
{
    /// <summary>The Python SDK's threshold: shorter texts are returned as they are, without calling Dify.</summary>
    public const int DefaultMinSummarizeLength = 1024;

    private readonly BackwardsInvoker _invoker;

    internal SummaryInvocation(BackwardsInvoker invoker) => _invoker = invoker;

    /// <summary>Summarizes <paramref name="text"/>.</summary>
    /// <param name="text">The text to summarize.</param>
    /// <param name="instruction">An extra instruction, for example about style.</param>
    /// <param name="minSummarizeLength">
    /// Texts shorter than this many characters are returned unchanged without a call, as the Python SDK does. Pass 0 to
    /// always call Dify.
    /// </param>
    /// <param name="cancellationToken">Ends the call.</param>
    public async Task<string> InvokeAsync(string text, string instruction, int minSummarizeLength = DefaultMinSummarizeLength, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(instruction);
        ArgumentOutOfRangeException.ThrowIfNegative(minSummarizeLength);
        if (text.Length < minSummarizeLength)
        {
            return text;
        }

        var result = await _invoker.InvokeSingleAsync(
            InvokeType.SystemSummary,
            new SummaryInvokeRequest { Text = text, Instruction = instruction },
            DifyJsonContext.Default.SummaryInvokeRequest,
            DifyJsonContext.Default.SummaryResultPayload,
            cancellationToken).ConfigureAwait(false);
        return result.Summary;
    }
}

/// <summary>Embeds texts (Python SDK: <c>session.model.text_embedding</c>). Needs the <c>text_embedding</c> model permission.</summary>
public sealed class TextEmbeddingInvocation
{
    private readonly BackwardsInvoker _invoker;

    internal TextEmbeddingInvocation(BackwardsInvoker invoker) => _invoker = invoker;

    /// <summary>Returns one vector per text.</summary>
    /// <param name="modelConfig">The model, best taken from a <c>model-selector</c> parameter with <c>scope: text-embedding</c>.</param>
    /// <param name="texts">The texts.</param>
    /// <param name="inputType">Whether the texts are queries or documents; always sent, as the daemon requires it.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public Task<TextEmbeddingResult> InvokeAsync(
        TextEmbeddingModelConfig modelConfig,
        IEnumerable<string> texts,
        EmbeddingInputType inputType = EmbeddingInputType.Query,
        CancellationToken cancellationToken = default)
    {
        ModelConfigValidation.Validate(modelConfig);
        ArgumentNullException.ThrowIfNull(texts);
        var request = new TextEmbeddingInvokeRequest
        {
            Provider = modelConfig.Provider,
            Model = modelConfig.Model,
            ModelType = ModelType.TextEmbedding,
            Texts = texts.ToArray(),
            InputType = inputType,
        };
        return _invoker.InvokeSingleAsync(InvokeType.TextEmbedding, request, DifyJsonContext.Default.TextEmbeddingInvokeRequest, DifyJsonContext.Default.TextEmbeddingResult, cancellationToken);
    }

    /// <summary>Returns one vector per text or image (Python SDK: <c>text_embedding.invoke_multimodal</c>).</summary>
    /// <param name="modelConfig">A multimodal embedding model, best taken from a <c>model-selector</c> parameter with <c>scope: text-embedding</c>.</param>
    /// <param name="documents">The texts and images.</param>
    /// <param name="inputType">Whether they are queries or documents.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public Task<TextEmbeddingResult> InvokeMultimodalAsync(
        TextEmbeddingModelConfig modelConfig,
        IEnumerable<MultimodalContent> documents,
        EmbeddingInputType inputType = EmbeddingInputType.Query,
        CancellationToken cancellationToken = default)
    {
        ModelConfigValidation.Validate(modelConfig);
        ArgumentNullException.ThrowIfNull(documents);
        var request = new MultimodalEmbeddingInvokeRequest
        {
            Provider = modelConfig.Provider,
            Model = modelConfig.Model,
            ModelType = ModelType.TextEmbedding,
            Documents = documents.ToArray(),
            InputType = inputType,
        };
        return _invoker.InvokeSingleAsync(InvokeType.MultimodalEmbedding, request, DifyJsonContext.Default.MultimodalEmbeddingInvokeRequest, DifyJsonContext.Default.TextEmbeddingResult, cancellationToken);
    }
}

/// <summary>Ranks documents by relevance to a query (Python SDK: <c>session.model.rerank</c>). Needs the <c>rerank</c> model permission.</summary>
public sealed class RerankInvocation
{
    private readonly BackwardsInvoker _invoker;

    internal RerankInvocation(BackwardsInvoker invoker) => _invoker = invoker;

    /// <summary>Returns the documents that pass the config's threshold, best first.</summary>
    /// <param name="modelConfig">The model; unset <see cref="RerankModelConfig.ScoreThreshold"/> and <see cref="RerankModelConfig.TopN"/> filter nothing.</param>
    /// <param name="docs">The documents.</param>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public Task<RerankResult> InvokeAsync(RerankModelConfig modelConfig, IEnumerable<string> docs, string query, CancellationToken cancellationToken = default)
    {
        ModelConfigValidation.Validate(modelConfig);
        ArgumentNullException.ThrowIfNull(docs);
        ArgumentNullException.ThrowIfNull(query);
        var documents = docs.ToArray();
        var request = new RerankInvokeRequest
        {
            Provider = modelConfig.Provider,
            Model = modelConfig.Model,
            ModelType = ModelType.Rerank,
            ScoreThreshold = modelConfig.ScoreThreshold ?? 0,
            TopN = modelConfig.TopN ?? documents.Length,
            Docs = documents,
            Query = query,
        };
        return _invoker.InvokeSingleAsync(InvokeType.Rerank, request, DifyJsonContext.Default.RerankInvokeRequest, DifyJsonContext.Default.RerankResult, cancellationToken);
    }

    /// <summary>Ranks texts and images by relevance to a text or image query (Python SDK: <c>rerank.invoke_multimodal</c>).</summary>
    /// <param name="modelConfig">A multimodal rerank model; unset <see cref="RerankModelConfig.ScoreThreshold"/> and <see cref="RerankModelConfig.TopN"/> filter nothing.</param>
    /// <param name="query">The query.</param>
    /// <param name="docs">The documents.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public Task<RerankResult> InvokeMultimodalAsync(RerankModelConfig modelConfig, MultimodalContent query, IEnumerable<MultimodalContent> docs, CancellationToken cancellationToken = default)
    {
        ModelConfigValidation.Validate(modelConfig);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(docs);
        var documents = docs.ToArray();
        var request = new MultimodalRerankInvokeRequest
        {
            Provider = modelConfig.Provider,
            Model = modelConfig.Model,
            ModelType = ModelType.Rerank,
            ScoreThreshold = modelConfig.ScoreThreshold ?? 0,
            TopN = modelConfig.TopN ?? documents.Length,
            Query = query,
            Docs = documents,
        };
        return _invoker.InvokeSingleAsync(InvokeType.MultimodalRerank, request, DifyJsonContext.Default.MultimodalRerankInvokeRequest, DifyJsonContext.Default.RerankResult, cancellationToken);
    }
}

/// <summary>Turns text into speech (Python SDK: <c>session.model.tts</c>). Needs the <c>tts</c> model permission.</summary>
public sealed class TtsInvocation
{
    private readonly BackwardsInvoker _invoker;

    internal TtsInvocation(BackwardsInvoker invoker) => _invoker = invoker;

    /// <summary>
    /// Streams the audio: each item is one complete audio segment, in the provider's format (mp3 for most providers).
    /// The wire carries hex; the bytes are decoded.
    /// </summary>
    /// <param name="modelConfig">The model and voice, best taken from a <c>model-selector</c> parameter with <c>scope: tts</c>.</param>
    /// <param name="contentText">The text to speak.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public IAsyncEnumerable<byte[]> InvokeStreamingAsync(TTSModelConfig modelConfig, string contentText, CancellationToken cancellationToken = default)
    {
        ModelConfigValidation.Validate(modelConfig);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelConfig.Voice, nameof(modelConfig) + ".Voice");
        ArgumentNullException.ThrowIfNull(contentText);
        var request = new TtsInvokeRequest
        {
            Provider = modelConfig.Provider,
            Model = modelConfig.Model,
            ModelType = ModelType.Tts,
            Voice = modelConfig.Voice,
            ContentText = contentText,
        };
        return DecodeAsync(_invoker.InvokeAsync(InvokeType.Tts, request, DifyJsonContext.Default.TtsInvokeRequest, DifyJsonContext.Default.TtsResultPayload, cancellationToken));
    }

    /// <summary>Writes the whole audio to <paramref name="destination"/>.</summary>
    /// <param name="modelConfig">The model and voice.</param>
    /// <param name="contentText">The text to speak.</param>
    /// <param name="destination">Where the audio goes.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    /// <returns>The number of bytes written.</returns>
    public async Task<long> InvokeAsync(TTSModelConfig modelConfig, string contentText, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        long written = 0;
        await foreach (var segment in InvokeStreamingAsync(modelConfig, contentText, cancellationToken).ConfigureAwait(false))
        {
            await destination.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
            written += segment.Length;
        }

        return written;
    }

    private static async IAsyncEnumerable<byte[]> DecodeAsync(IAsyncEnumerable<TtsResultPayload> results, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var result in results.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromHexString(result.Result);
            }
            catch (FormatException exception)
            {
                throw new DifyProtocolException("The 'tts' invocation returned audio that is not hex-encoded.", exception);
            }

            yield return bytes;
        }
    }
}

/// <summary>Transcribes audio (Python SDK: <c>session.model.speech2text</c>). Needs the <c>speech2text</c> model permission.</summary>
public sealed class Speech2TextInvocation
{
    private readonly BackwardsInvoker _invoker;

    internal Speech2TextInvocation(BackwardsInvoker invoker) => _invoker = invoker;

    /// <summary>Returns the text spoken in <paramref name="file"/> (mp3 for most providers). The stream is read to its end and sent as hex.</summary>
    /// <param name="modelConfig">The model, best taken from a <c>model-selector</c> parameter with <c>scope: speech2text</c>.</param>
    /// <param name="file">The audio.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public async Task<string> InvokeAsync(Speech2TextModelConfig modelConfig, Stream file, CancellationToken cancellationToken = default)
    {
        ModelConfigValidation.Validate(modelConfig);
        ArgumentNullException.ThrowIfNull(file);
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        var request = new Speech2TextInvokeRequest
        {
            Provider = modelConfig.Provider,
            Model = modelConfig.Model,
            ModelType = ModelType.Speech2Text,
            File = Convert.ToHexStringLower(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)),
        };
        var result = await _invoker.InvokeSingleAsync(InvokeType.Speech2Text, request, DifyJsonContext.Default.Speech2TextInvokeRequest, DifyJsonContext.Default.StringResultPayload, cancellationToken).ConfigureAwait(false);
        return result.Result;
    }
}

/// <summary>Checks text for unsafe content (Python SDK: <c>session.model.moderation</c>). Needs the <c>moderation</c> model permission.</summary>
public sealed class ModerationInvocation
{
    private readonly BackwardsInvoker _invoker;

    internal ModerationInvocation(BackwardsInvoker invoker) => _invoker = invoker;

    /// <summary>Returns <see langword="true"/> when the text contains sensitive content.</summary>
    /// <param name="modelConfig">The model, best taken from a <c>model-selector</c> parameter with <c>scope: moderation</c>.</param>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public async Task<bool> InvokeAsync(ModerationModelConfig modelConfig, string text, CancellationToken cancellationToken = default)
    {
        ModelConfigValidation.Validate(modelConfig);
        ArgumentNullException.ThrowIfNull(text);
        var request = new ModerationInvokeRequest
        {
            Provider = modelConfig.Provider,
            Model = modelConfig.Model,
            ModelType = ModelType.Moderation,
            Text = text,
        };
        var result = await _invoker.InvokeSingleAsync(InvokeType.Moderation, request, DifyJsonContext.Default.ModerationInvokeRequest, DifyJsonContext.Default.BoolResultPayload, cancellationToken).ConfigureAwait(false);
        return result.Result;
    }
}
