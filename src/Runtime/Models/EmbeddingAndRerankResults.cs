namespace Dify.Plugin;

/// <summary>Token counts, prices and latency of an embedding call (Python SDK: <c>EmbeddingUsage</c>).</summary>
public sealed record EmbeddingUsage
{
    /// <summary>Tokens embedded.</summary>
    public int Tokens { get; init; }

    /// <summary>All tokens.</summary>
    public int TotalTokens { get; init; }

    /// <summary>Price per unit.</summary>
    public decimal UnitPrice { get; init; }

    /// <summary>The unit the price is counted in.</summary>
    public decimal PriceUnit { get; init; }

    /// <summary>Total price.</summary>
    public decimal TotalPrice { get; init; }

    /// <summary>The currency, such as <c>USD</c>.</summary>
    public string Currency { get; init => field = value ?? "USD"; } = "USD";

    /// <summary>Latency in seconds.</summary>
    public double Latency { get; init; }
}

/// <summary>The vectors of a text embedding call (Python SDK: <c>TextEmbeddingResult</c>).</summary>
public sealed record TextEmbeddingResult
{
    /// <summary>The model that embedded the texts.</summary>
    public string Model { get; init => field = value ?? ""; } = "";

    /// <summary>One vector per input text, in order.</summary>
    public IReadOnlyList<float[]> Embeddings { get; init => field = value ?? []; } = [];

    /// <summary>Usage of the call.</summary>
    public EmbeddingUsage Usage { get; init => field = value ?? new(); } = new();
}

/// <summary>A document with its rerank score (Python SDK: <c>RerankDocument</c>).</summary>
/// <param name="Index">The document's index in the request.</param>
/// <param name="Text">The document.</param>
/// <param name="Score">Its relevance to the query.</param>
public sealed record RerankDocument(int Index, string Text, double Score);

/// <summary>The documents of a rerank call, best first (Python SDK: <c>RerankResult</c>).</summary>
public sealed record RerankResult
{
    /// <summary>The model that ranked the documents.</summary>
    public string Model { get; init => field = value ?? ""; } = "";

    /// <summary>The documents kept, with their scores.</summary>
    public IReadOnlyList<RerankDocument> Docs { get; init => field = value ?? []; } = [];
}
