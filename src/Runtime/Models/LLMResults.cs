using System.Text.Json.Nodes;

namespace Dify.Plugin;

/// <summary>Token counts, prices and latency of an LLM call (Python SDK: <c>LLMUsage</c>).</summary>
/// <remarks>Dify's daemon writes the prices as JSON strings; both strings and numbers are read.</remarks>
public sealed record LLMUsage
{
    /// <summary>Tokens in the prompt.</summary>
    public int PromptTokens { get; init; }

    /// <summary>Price per prompt token unit.</summary>
    public decimal PromptUnitPrice { get; init; }

    /// <summary>The unit the prompt price is counted in.</summary>
    public decimal PromptPriceUnit { get; init; }

    /// <summary>Price of the prompt.</summary>
    public decimal PromptPrice { get; init; }

    /// <summary>Tokens in the completion.</summary>
    public int CompletionTokens { get; init; }

    /// <summary>Price per completion token unit.</summary>
    public decimal CompletionUnitPrice { get; init; }

    /// <summary>The unit the completion price is counted in.</summary>
    public decimal CompletionPriceUnit { get; init; }

    /// <summary>Price of the completion.</summary>
    public decimal CompletionPrice { get; init; }

    /// <summary>All tokens.</summary>
    public int TotalTokens { get; init; }

    /// <summary>Total price.</summary>
    public decimal TotalPrice { get; init; }

    /// <summary>The currency of the prices, such as <c>USD</c>.</summary>
    public string Currency { get; init => field = value ?? "USD"; } = "USD";

    /// <summary>Latency in seconds.</summary>
    public double Latency { get; init; }

    /// <summary>Usage with every count and price at zero (Python SDK: <c>LLMUsage.empty_usage()</c>).</summary>
    public static LLMUsage Empty { get; } = new();
}

/// <summary>The change one streamed chunk carries (Python SDK: <c>LLMResultChunkDelta</c>).</summary>
public sealed record LLMResultChunkDelta
{
    /// <summary>The chunk's position in the stream.</summary>
    public int Index { get; init; }

    /// <summary>The new part of the assistant's message.</summary>
    public AssistantPromptMessage Message { get; init => field = value ?? new(); } = new();

    /// <summary>Usage, usually only on the last chunk.</summary>
    public LLMUsage? Usage { get; init; }

    /// <summary>Why generation stopped, on the last chunk.</summary>
    public string? FinishReason { get; init; }
}

/// <summary>One chunk of a streamed LLM answer (Python SDK: <c>LLMResultChunk</c>).</summary>
public record LLMResultChunk
{
    /// <summary>The model that answered; empty when the provider did not say.</summary>
    public string Model { get; init => field = value ?? ""; } = "";

    /// <summary>The provider's system fingerprint, if any.</summary>
    public string? SystemFingerprint { get; init; }

    /// <summary>What this chunk adds.</summary>
    public LLMResultChunkDelta Delta { get; init => field = value ?? new(); } = new();
}

/// <summary>A chunk of an LLM answer requested with a structured output schema.</summary>
public sealed record LLMResultChunkWithStructuredOutput : LLMResultChunk
{
    /// <summary>The structured output, once the model has produced it.</summary>
    public JsonObject? StructuredOutput { get; init; }
}

/// <summary>A whole LLM answer (Python SDK: <c>LLMResult</c>).</summary>
public record LLMResult
{
    /// <summary>The model that answered.</summary>
    public string Model { get; init => field = value ?? ""; } = "";

    /// <summary>The assistant's message: all text and tool calls of the stream, merged.</summary>
    public AssistantPromptMessage Message { get; init => field = value ?? new(); } = new();

    /// <summary>The final usage of the call.</summary>
    public LLMUsage Usage { get; init => field = value ?? LLMUsage.Empty; } = LLMUsage.Empty;

    /// <summary>The provider's system fingerprint, if any.</summary>
    public string? SystemFingerprint { get; init; }

    /// <summary>Why generation stopped, if the provider said.</summary>
    public string? FinishReason { get; init; }
}

/// <summary>A whole LLM answer requested with a structured output schema.</summary>
public sealed record LLMResultWithStructuredOutput : LLMResult
{
    /// <summary>The structured output, if the model produced it.</summary>
    public JsonObject? StructuredOutput { get; init; }
}
