using Microsoft.Extensions.AI;

namespace Dify.Plugin.AI;

/// <summary>
/// An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over a workspace text embedding model
/// (<c>Session.Model.TextEmbedding</c>).
/// </summary>
/// <remarks>
/// Dify distinguishes queries from documents; set <see cref="InputType"/>, or pass <see cref="InputTypeProperty"/>
/// (<c>query</c> or <c>document</c>) in <see cref="EmbeddingGenerationOptions.AdditionalProperties"/> for one call.
/// <see cref="EmbeddingGenerationOptions.ModelId"/> replaces the model name within the same provider; Dify has no
/// <see cref="EmbeddingGenerationOptions.Dimensions"/>, so setting it throws.
/// </remarks>
public sealed class DifyEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The options key that sets the input type of one call: <c>query</c> or <c>document</c>.</summary>
    public const string InputTypeProperty = "input_type";

    private readonly TextEmbeddingInvocation _invocation;

    /// <summary>Creates a generator for one model config.</summary>
    /// <param name="models">The session's model endpoints (<c>Session.Model</c>).</param>
    /// <param name="model">The model, typically a <c>model-selector</c> parameter with <c>scope: text-embedding</c>.</param>
    /// <param name="inputType">Whether the texts are queries or documents, unless a call says otherwise.</param>
    public DifyEmbeddingGenerator(ModelInvocations models, TextEmbeddingModelConfig model, EmbeddingInputType inputType = EmbeddingInputType.Query)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(model);
        _invocation = models.TextEmbedding;
        Model = model;
        InputType = inputType;
        Metadata = new EmbeddingGeneratorMetadata("dify", null, model.Model);
    }

    /// <summary>The model config every request starts from.</summary>
    public TextEmbeddingModelConfig Model { get; }

    /// <summary>The input type sent when a call does not set one.</summary>
    public EmbeddingInputType InputType { get; }

    /// <summary>The provider name <c>dify</c> and the model name.</summary>
    public EmbeddingGeneratorMetadata Metadata { get; }

    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (options?.Dimensions is not null)
        {
            throw new NotSupportedException("Dify's text embedding invocation has no dimensions parameter; the model decides the vector size.");
        }

        var model = string.IsNullOrEmpty(options?.ModelId) ? Model : Model with { Model = options.ModelId };
        var result = await _invocation.InvokeAsync(model, values, ReadInputType(options), cancellationToken).ConfigureAwait(false);
        var createdAt = DateTimeOffset.UtcNow;
        var embeddings = result.Embeddings.Select(vector => new Embedding<float>(vector) { ModelId = result.Model, CreatedAt = createdAt });
        return new GeneratedEmbeddings<Embedding<float>>(embeddings)
        {
            Usage = new UsageDetails { InputTokenCount = result.Usage.Tokens, TotalTokenCount = result.Usage.TotalTokens },
        };
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        ServiceLookup.Find(this, serviceType, serviceKey, Metadata, Model);

    /// <summary>Nothing to release: the session owns the connection to Dify.</summary>
    public void Dispose()
    {
    }

    private EmbeddingInputType ReadInputType(EmbeddingGenerationOptions? options)
    {
        if (options?.AdditionalProperties?.TryGetValue(InputTypeProperty, out var value) != true)
        {
            return InputType;
        }

        return value switch
        {
            EmbeddingInputType type => type,
            "query" => EmbeddingInputType.Query,
            "document" => EmbeddingInputType.Document,
            _ => throw new ArgumentException($"'{InputTypeProperty}' must be 'query' or 'document'; got '{value}'.", nameof(options)),
        };
    }
}
