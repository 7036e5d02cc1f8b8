using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Dify.Plugin.AI.Chat;

/// <summary>What <see cref="ChatOptions"/> turn into for Dify's <c>llm</c> and <c>llm_structured_output</c> invocations.</summary>
/// <param name="ModelConfig">The user's model config, with the options' model parameters merged into <c>completion_params</c>.</param>
/// <param name="Tools">The tools to send, or <see langword="null"/>.</param>
/// <param name="Stop">The stop sequences, or <see langword="null"/>.</param>
/// <param name="StructuredOutputSchema">The JSON schema of a structured answer, or <see langword="null"/> for a plain one.</param>
internal sealed record DifyLlmRequest(LLMModelConfig ModelConfig, IReadOnlyList<PromptMessageTool>? Tools, IReadOnlyList<string>? Stop, JsonObject? StructuredOutputSchema);

/// <summary>Maps <see cref="ChatOptions"/> to a Dify LLM request.</summary>
internal static class ChatOptionsMapping
{
    public static DifyLlmRequest ToRequest(LLMModelConfig model, DifyModelScope? scope, ChatOptions? options)
    {
        if (options is null)
        {
            return new DifyLlmRequest(model, null, null, null);
        }

        var parameters = model.CompletionParams.DeepClone().AsObject();
        Set(parameters, "temperature", options.Temperature);
        Set(parameters, "top_p", options.TopP);
        Set(parameters, "top_k", options.TopK);
        Set(parameters, "max_tokens", options.MaxOutputTokens);
        Set(parameters, "presence_penalty", options.PresencePenalty);
        Set(parameters, "frequency_penalty", options.FrequencyPenalty);
        Set(parameters, "seed", options.Seed);
        if (options.AdditionalProperties is { } additional)
        {
            foreach (var (name, value) in additional)
            {
                parameters[name] = JsonValues.ToNode(value);
            }
        }

        JsonObject? schema = null;
        if (options.ResponseFormat is ChatResponseFormatJson json)
        {
            if (json.Schema is { } element)
            {
                schema = element.ValueKind == JsonValueKind.Object
                    ? ToObject(element)
                    : throw new ArgumentException("The response format's JSON schema must be an object.", nameof(options));
            }
            else
            {
                // JSON mode without a schema: the model parameter Dify's model providers declare for it.
                parameters["response_format"] = "json_object";
            }
        }

        var config = model with
        {
            Model = string.IsNullOrEmpty(options.ModelId) ? model.Model : options.ModelId,
            CompletionParams = parameters,
        };
        return new DifyLlmRequest(config, ToTools(options, scope, config), options.StopSequences is { Count: > 0 } stop ? [.. stop] : null, schema);
    }

    private static PromptMessageTool[]? ToTools(ChatOptions options, DifyModelScope? scope, LLMModelConfig config)
    {
        if (options.Tools is not { Count: > 0 } tools || options.ToolMode is NoneChatToolMode)
        {
            return null;
        }

        if (scope is { SupportsToolCalls: false })
        {
            throw new NotSupportedException(
                $"Tools were passed to the model '{config.Provider}/{config.Model}', but its model-selector scope '{scope}' has none of "
                + $"{string.Join(", ", DifyModelScope.ToolCallFeatures)}, so the user may have picked a model that cannot call tools and would "
                + "silently ignore them (DIFY2001). Add '&tool-call' to the parameter's scope in the tool's YAML.");
        }

        // Dify has no tool_choice: a required function is honoured by sending only that one.
        var required = (options.ToolMode as RequiredChatToolMode)?.RequiredFunctionName;
        return tools
            .Select(tool => tool as AIFunctionDeclaration
                ?? throw new NotSupportedException($"The tool '{tool.Name}' ({tool.GetType().Name}) is not a function; Dify's models can only call functions."))
            .Where(function => required is null || function.Name == required)
            .Select(function => new PromptMessageTool(function.Name, function.Description, ToSchema(function.JsonSchema)))
            .ToArray();
    }

    private static JsonObject ToSchema(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object ? ToObject(schema) : new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() };

    // A copy, not a view: the caller's JsonDocument may be disposed before the request is written.
    private static JsonObject ToObject(JsonElement element) => JsonNode.Parse(element.GetRawText())!.AsObject();

    private static void Set<T>(JsonObject parameters, string name, T? value)
        where T : struct
    {
        if (value is { } set)
        {
            parameters[name] = JsonValues.ToNode(set);
        }
    }
}
