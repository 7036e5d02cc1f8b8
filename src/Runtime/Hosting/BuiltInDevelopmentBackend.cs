using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dify.Plugin.Invocation;
using Dify.Plugin.Serialization;

namespace Dify.Plugin.Hosting;

/// <summary>
/// A deterministic stand-in for Dify's models, so a tool runs with no Dify and no network: LLM calls echo the last user
/// message word by word, summaries cut the text, embeddings hash the words, rerank counts shared words, moderation
/// flags nothing. It does not do speech.
/// </summary>
public sealed class BuiltInDevelopmentBackend : IBackwardsInvocationTransport
{
    /// <summary>How the output names this backend.</summary>
    public const string Label = "the built-in deterministic development backend (no model was called)";

    /// <inheritdoc />
    public async IAsyncEnumerable<BackwardsResponseFrame> InvokeAsync(BackwardsInvocationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        var json = JsonNode.Parse(request.RequestJson.Span)!.AsObject();
        switch (request.Type)
        {
            case InvokeType.Llm or InvokeType.LlmStructuredOutput:
                var messages = json["prompt_messages"]!.AsArray().Select(message => message.Deserialize(DifyJsonContext.Default.PromptMessage)!).ToArray();
                var lastUser = messages.LastOrDefault(message => message.Role == PromptMessageRole.User)?.GetTextContent() ?? "";
                var model = (string?)json["model"] ?? "echo";
                var words = $"[{model}] {lastUser}".Split(' ');
                for (var index = 0; index < words.Length; index++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var last = index == words.Length - 1;
                    var chunk = new LLMResultChunk
                    {
                        Model = model,
                        Delta = new LLMResultChunkDelta
                        {
                            Index = index,
                            Message = new AssistantPromptMessage(last ? words[index] : words[index] + " "),
                            Usage = last ? new LLMUsage { PromptTokens = lastUser.Split(' ').Length, CompletionTokens = words.Length, TotalTokens = lastUser.Split(' ').Length + words.Length } : null,
                            FinishReason = last ? "stop" : null,
                        },
                    };
                    yield return BackwardsResponseFrame.Stream(JsonSerializer.SerializeToElement(chunk, DifyJsonContext.Default.LLMResultChunk));
                }

                break;
            case InvokeType.SystemSummary:
                var text = (string?)json["text"] ?? "";
                yield return Struct(new JsonObject { ["summary"] = text.Length <= 200 ? text : text[..200] + "…" });
                break;
            case InvokeType.TextEmbedding:
                var texts = json["texts"]!.AsArray().Select(item => (string?)item ?? "").ToArray();
                yield return Struct(new JsonObject
                {
                    ["model"] = (string?)json["model"],
                    ["embeddings"] = new JsonArray(texts.Select(t => (JsonNode)new JsonArray(Embed(t).Select(v => (JsonNode)JsonValue.Create(v)).ToArray())).ToArray()),
                    ["usage"] = new JsonObject { ["tokens"] = texts.Sum(t => t.Split(' ').Length), ["total_tokens"] = texts.Sum(t => t.Split(' ').Length), ["unit_price"] = "0", ["price_unit"] = "0", ["total_price"] = "0", ["currency"] = "USD", ["latency"] = 0 },
                });
                break;
            case InvokeType.Rerank:
                var query = ((string?)json["query"] ?? "").ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
                var docs = json["docs"]!.AsArray().Select(item => (string?)item ?? "").ToArray();
                var topN = (int?)json["top_n"] ?? docs.Length;
                var threshold = (double?)json["score_threshold"] ?? 0;
                var ranked = docs
                    .Select((doc, index) => (index, doc, score: query.Count == 0 ? 0 : doc.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries).Count(query.Contains) / (double)query.Count))
                    .Where(item => item.score >= threshold)
                    .OrderByDescending(item => item.score)
                    .Take(topN);
                yield return Struct(new JsonObject
                {
                    ["model"] = (string?)json["model"],
                    ["docs"] = new JsonArray(ranked.Select(item => (JsonNode)new JsonObject { ["index"] = item.index, ["text"] = item.doc, ["score"] = item.score }).ToArray()),
                });
                break;
            case InvokeType.Moderation:
                yield return Struct(new JsonObject { ["result"] = false });
                break;
            default:
                yield return BackwardsResponseFrame.Error($"the built-in development backend does not answer '{request.Type.ToWireName()}' invocations; use --backend openai with a model that does");
                break;
        }

        yield return BackwardsResponseFrame.End;
    }

    private static BackwardsResponseFrame Struct(JsonObject data) => BackwardsResponseFrame.Struct(JsonSerializer.SerializeToElement(data, DifyJsonContext.Default.JsonObject));

    private static double[] Embed(string text)
    {
        var vector = new double[8];
        foreach (var word in text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var hash = 17;
            foreach (var character in word)
            {
                hash = unchecked((hash * 31) + character);
            }

            vector[(hash & 0x7fffffff) % vector.Length] += 1;
        }

        var length = Math.Sqrt(vector.Sum(v => v * v));
        return length == 0 ? vector : vector.Select(v => v / length).ToArray();
    }
}
