using System.ClientModel;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dify.Plugin.Hosting;
using Dify.Plugin.Invocation;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;

namespace Dify.Plugin.Development;

/// <summary>
/// Answers a tool's model calls from an OpenAI-compatible endpoint while it runs locally with <c>invoke</c>: LLM calls
/// (streamed, with tools) and text embeddings. Configure it with <c>--base-url</c>, <c>--model</c> and
/// <c>--api-key</c>, or <c>OPENAI_BASE_URL</c>, <c>OPENAI_MODEL</c> and <c>OPENAI_API_KEY</c>.
/// </summary>
public sealed class OpenAICompatibleBackend : IBackwardsInvocationTransport
{
    private readonly OpenAIClient _client;
    private readonly string? _model;

    /// <summary>Creates the backend.</summary>
    public OpenAICompatibleBackend(DevelopmentBackendSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var baseUrl = settings.BaseUrl ?? Environment.GetEnvironmentVariable("OPENAI_BASE_URL");
        var apiKey = settings.ApiKey ?? Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? "not-needed";
        var options = new OpenAIClientOptions();
        if (baseUrl is not null)
        {
            options.Endpoint = new Uri(baseUrl);
        }

        _client = new OpenAIClient(new ApiKeyCredential(apiKey), options);
        _model = settings.Model ?? Environment.GetEnvironmentVariable("OPENAI_MODEL");
    }

    /// <inheritdoc />
    public IAsyncEnumerable<BackwardsResponseFrame> InvokeAsync(BackwardsInvocationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var json = JsonNode.Parse(request.RequestJson.Span)!.AsObject();
        return request.Type switch
        {
            InvokeType.Llm or InvokeType.LlmStructuredOutput => ChatAsync(json, cancellationToken),
            InvokeType.TextEmbedding => EmbedAsync(json, cancellationToken),
            _ => Unsupported(request.Type),
        };
    }

    private async IAsyncEnumerable<BackwardsResponseFrame> ChatAsync(JsonObject request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var model = ModelOf(request);
        var client = _client.GetChatClient(model);
        var messages = request["prompt_messages"]!.AsArray().Select(ToChatMessage).ToList();
        var options = new ChatCompletionOptions();
        if (request["completion_params"] is JsonObject parameters)
        {
            options.Temperature = (float?)(double?)parameters["temperature"];
            options.TopP = (float?)(double?)parameters["top_p"];
            options.MaxOutputTokenCount = (int?)parameters["max_tokens"];
        }

        if (request["stop"] is JsonArray stops)
        {
            foreach (var stop in stops)
            {
                options.StopSequences.Add((string)stop!);
            }
        }

        if (request["tools"] is JsonArray tools)
        {
            foreach (var tool in tools.OfType<JsonObject>())
            {
                options.Tools.Add(ChatTool.CreateFunctionTool(
                    (string)tool["name"]!,
                    (string?)tool["description"],
                    BinaryData.FromString(tool["parameters"]?.ToJsonString() ?? """{"type":"object","properties":{}}""")));
            }
        }

        if (request["structured_output_schema"] is JsonObject schema)
        {
            options.ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("output", BinaryData.FromString(schema.ToJsonString()));
        }

        var ids = new Dictionary<int, string>();
        var index = 0;
        await foreach (var update in client.CompleteChatStreamingAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            var content = string.Concat(update.ContentUpdate.Select(part => part.Text));
            var toolCalls = new JsonArray();
            foreach (var call in update.ToolCallUpdates)
            {
                // OpenAI sends the id once per call; repeat it on every delta so that deltas merge by id.
                if (call.ToolCallId is { Length: > 0 } id)
                {
                    ids[call.Index] = id;
                }

                toolCalls.Add((JsonNode)new JsonObject
                {
                    ["id"] = ids.GetValueOrDefault(call.Index, ""),
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = call.FunctionName ?? "", ["arguments"] = call.FunctionArgumentsUpdate?.ToString() ?? "" },
                });
            }

            var usage = update.Usage is { } tokens
                ? new JsonObject
                {
                    ["prompt_tokens"] = tokens.InputTokenCount, ["prompt_unit_price"] = "0", ["prompt_price_unit"] = "0", ["prompt_price"] = "0",
                    ["completion_tokens"] = tokens.OutputTokenCount, ["completion_unit_price"] = "0", ["completion_price_unit"] = "0", ["completion_price"] = "0",
                    ["total_tokens"] = tokens.TotalTokenCount, ["total_price"] = "0", ["currency"] = "USD", ["latency"] = 0,
                }
                : null;
            if (content.Length == 0 && toolCalls.Count == 0 && usage is null && update.FinishReason is null)
            {
                continue;
            }

            yield return BackwardsResponseFrame.Stream(JsonSerializer.SerializeToElement(new JsonObject
            {
                ["model"] = update.Model ?? model,
                ["delta"] = new JsonObject
                {
                    ["index"] = index++,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content, ["tool_calls"] = toolCalls },
                    ["usage"] = usage,
                    ["finish_reason"] = update.FinishReason?.ToString().ToLowerInvariant(),
                },
            }, DevelopmentJson.Default.JsonObject));
        }

        yield return BackwardsResponseFrame.End;
    }

    private async IAsyncEnumerable<BackwardsResponseFrame> EmbedAsync(JsonObject request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var model = ModelOf(request);
        var texts = request["texts"]!.AsArray().Select(text => (string)text!).ToList();
        var result = await _client.GetEmbeddingClient(model).GenerateEmbeddingsAsync(texts, cancellationToken: cancellationToken).ConfigureAwait(false);
        var embeddings = new JsonArray();
        foreach (var embedding in result.Value)
        {
            embeddings.Add((JsonNode)new JsonArray(embedding.ToFloats().ToArray().Select(value => (JsonNode)JsonValue.Create(value)).ToArray()));
        }

        yield return BackwardsResponseFrame.Struct(JsonSerializer.SerializeToElement(new JsonObject
        {
            ["model"] = model,
            ["embeddings"] = embeddings,
            ["usage"] = new JsonObject
            {
                ["tokens"] = result.Value.Usage.InputTokenCount, ["total_tokens"] = result.Value.Usage.TotalTokenCount,
                ["unit_price"] = "0", ["price_unit"] = "0", ["total_price"] = "0", ["currency"] = "USD", ["latency"] = 0,
            },
        }, DevelopmentJson.Default.JsonObject));
        yield return BackwardsResponseFrame.End;
    }

    private static async IAsyncEnumerable<BackwardsResponseFrame> Unsupported(InvokeType type)
    {
        await Task.Yield();
        yield return BackwardsResponseFrame.Error($"the OpenAI-compatible development backend does not answer '{type.ToWireName()}' invocations");
        yield return BackwardsResponseFrame.End;
    }

    private string ModelOf(JsonObject request)
    {
        var selected = (string?)request["model"];
        return _model ?? (selected is { Length: > 0 } and not "default" ? selected
            : throw new InvalidOperationException("Name the model with --model (or OPENAI_MODEL), for example --model llama3.1 for Ollama."));
    }

    private static ChatMessage ToChatMessage(JsonNode? node)
    {
        var message = node!.AsObject();
        var text = message["content"] switch
        {
            JsonValue value => (string?)value ?? "",
            JsonArray parts => string.Concat(parts.OfType<JsonObject>().Where(part => (string?)part["type"] == "text").Select(part => (string?)part["data"])),
            _ => "",
        };
        switch ((string?)message["role"])
        {
            case "system" or "developer":
                return new SystemChatMessage(text);
            case "assistant":
                var calls = (message["tool_calls"] as JsonArray)?.OfType<JsonObject>()
                    .Select(call => ChatToolCall.CreateFunctionToolCall((string)call["id"]!, (string)call["function"]!["name"]!, BinaryData.FromString((string?)call["function"]!["arguments"] ?? "{}")))
                    .ToList();
                return calls is { Count: > 0 } ? new AssistantChatMessage(calls) : new AssistantChatMessage(text);
            case "tool":
                return new ToolChatMessage((string?)message["tool_call_id"] ?? "", text);
            default:
                return new UserChatMessage(text);
        }
    }
}

/// <summary>Registers the development backends of this assembly with the host.</summary>
public static class DevelopmentBackends
{
    /// <summary>Adds <c>--backend openai</c>: any OpenAI-compatible endpoint (Ollama, vLLM, LM Studio, OpenAI).</summary>
    public static PluginHostOptions AddOpenAICompatibleBackend(this PluginHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.DevelopmentBackends["openai"] = settings => new OpenAICompatibleBackend(settings);
        return options;
    }
}
