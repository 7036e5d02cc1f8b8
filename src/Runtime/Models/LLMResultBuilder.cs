using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;

namespace Dify.Plugin;

/// <summary>
/// Folds streamed <see cref="LLMResultChunk"/>s into one <see cref="LLMResult"/>: text is concatenated (also when
/// the content comes as parts), tool-call deltas are merged, and the last usage, finish reason and structured output
/// are kept.
/// </summary>
/// <remarks>
/// Tool-call deltas are merged the way streaming providers split them: a delta with an id that was seen before
/// continues that call; a delta with a new id starts a call; a delta without an id continues the call at the same
/// position in the chunk's list (or the last call). Names are taken from the first delta that has one and argument
/// fragments are appended. The Python SDK instead keeps only the latest list and drops multi-part content.
/// </remarks>
public sealed class LLMResultBuilder
{
    private readonly StringBuilder _text = new();
    private readonly List<PromptMessageContent> _parts = [];
    private readonly List<ToolCallAccumulator> _toolCalls = [];
    private bool _sawParts;
    private string _model;
    private string? _systemFingerprint;
    private string? _finishReason;
    private LLMUsage? _usage;
    private JsonObject? _structuredOutput;

    /// <summary>Creates a builder; <paramref name="model"/> is used when no chunk names the model.</summary>
    public LLMResultBuilder(string model = "") => _model = model;

    /// <summary>Adds the next chunk.</summary>
    public void Add(LLMResultChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (!string.IsNullOrEmpty(chunk.Model))
        {
            _model = chunk.Model;
        }

        _systemFingerprint = chunk.SystemFingerprint ?? _systemFingerprint;
        var delta = chunk.Delta;
        _finishReason = delta.FinishReason ?? _finishReason;
        _usage = delta.Usage ?? _usage;
        if (chunk is LLMResultChunkWithStructuredOutput { StructuredOutput: { } structured })
        {
            _structuredOutput = structured;
        }

        AddContent(delta.Message.Content);
        for (var position = 0; position < delta.Message.ToolCalls.Count; position++)
        {
            AddToolCall(delta.Message.ToolCalls[position], position);
        }
    }

    /// <summary>The answer so far.</summary>
    public LLMResult Build() => new()
    {
        Model = _model,
        Message = BuildMessage(),
        Usage = _usage ?? LLMUsage.Empty,
        SystemFingerprint = _systemFingerprint,
        FinishReason = _finishReason,
    };

    /// <summary>The answer so far, with the structured output.</summary>
    public LLMResultWithStructuredOutput BuildWithStructuredOutput() => new()
    {
        Model = _model,
        Message = BuildMessage(),
        Usage = _usage ?? LLMUsage.Empty,
        SystemFingerprint = _systemFingerprint,
        FinishReason = _finishReason,
        StructuredOutput = _structuredOutput,
    };

    private AssistantPromptMessage BuildMessage()
    {
        MessageContent content;
        if (_sawParts)
        {
            var parts = new List<PromptMessageContent>(_parts);
            if (_text.Length > 0)
            {
                parts.Add(new TextPromptMessageContent(_text.ToString()));
            }

            content = parts;
        }
        else
        {
            content = _text.ToString();
        }

        return new AssistantPromptMessage(content) { ToolCalls = _toolCalls.Select(call => call.ToToolCall()).ToArray() };
    }

    private void AddContent(MessageContent content)
    {
        if (content.IsText)
        {
            _text.Append(content.Text);
            return;
        }

        foreach (var part in content.Parts)
        {
            _sawParts = true;
            if (part is TextPromptMessageContent text)
            {
                _text.Append(text.Data);
            }
            else
            {
                // Keep text that came before a media part in front of it.
                if (_text.Length > 0)
                {
                    _parts.Add(new TextPromptMessageContent(_text.ToString()));
                    _text.Clear();
                }

                _parts.Add(part);
            }
        }
    }

    private void AddToolCall(AssistantPromptMessage.ToolCall delta, int position)
    {
        ToolCallAccumulator? target = null;
        if (delta.Id.Length > 0)
        {
            target = _toolCalls.Find(call => call.Id == delta.Id);
            if (target is null)
            {
                _toolCalls.Add(new ToolCallAccumulator(delta));
                return;
            }
        }
        else if (_toolCalls.Count > 0)
        {
            target = position < _toolCalls.Count ? _toolCalls[position] : _toolCalls[^1];
        }

        if (target is null)
        {
            _toolCalls.Add(new ToolCallAccumulator(delta));
            return;
        }

        target.Merge(delta);
    }

    private sealed class ToolCallAccumulator(AssistantPromptMessage.ToolCall first)
    {
        private readonly StringBuilder _arguments = new(first.Function.Arguments);
        private string _type = first.Type;
        private string _name = first.Function.Name;

        public string Id { get; } = first.Id;

        public void Merge(AssistantPromptMessage.ToolCall delta)
        {
            if (_type.Length == 0)
            {
                _type = delta.Type;
            }

            if (_name.Length == 0)
            {
                _name = delta.Function.Name;
            }

            _arguments.Append(delta.Function.Arguments);
        }

        public AssistantPromptMessage.ToolCall ToToolCall() =>
            new(Id, _type.Length > 0 ? _type : "function", new AssistantPromptMessage.ToolCallFunction(_name, _arguments.ToString()));
    }
}

/// <summary>Aggregates a stream of LLM chunks.</summary>
public static class LLMResultChunkStreamExtensions
{
    /// <summary>Reads the whole stream and returns the merged answer (see <see cref="LLMResultBuilder"/>).</summary>
    public static async Task<LLMResult> ToLLMResultAsync(this IAsyncEnumerable<LLMResultChunk> chunks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var builder = new LLMResultBuilder();
        await foreach (var chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            builder.Add(chunk);
        }

        return builder.Build();
    }

    /// <summary>Yields each chunk's text, skipping chunks without any.</summary>
    public static async IAsyncEnumerable<string> AsTextAsync(this IAsyncEnumerable<LLMResultChunk> chunks, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        await foreach (var chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var text = chunk.Delta.Message.GetTextContent();
            if (text.Length > 0)
            {
                yield return text;
            }
        }
    }
}
