using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dify.Plugin;

/// <summary>
/// A tool the user picked in Dify, as a parameter value marked <c>"dify_model_identity": "__dify__tool_selector__"</c>
/// (Python SDK: <c>ToolSelector</c> in <c>entities/tool.py</c>, converted in <c>Tool._convert_parameters</c>).
/// </summary>
/// <param name="ProviderId">The tool's provider.</param>
/// <param name="ToolName">The tool's name.</param>
/// <param name="ToolDescription">What the tool does, for a model.</param>
/// <param name="ToolConfiguration">The values the user set for its <c>form</c> parameters.</param>
/// <param name="ToolParameters">Its parameters filled by a model, by name.</param>
public sealed record ToolSelector(
    string ProviderId,
    string ToolName,
    string ToolDescription,
    JsonObject ToolConfiguration,
    IReadOnlyDictionary<string, ToolSelectorParameter> ToolParameters)
{
    /// <summary>The marker Dify puts in a tool selector value (<c>file/constants.py</c>).</summary>
    public const string Identity = "__dify__tool_selector__";

    /// <summary>Whether <paramref name="value"/> is an object carrying the tool-selector marker.</summary>
    public static bool IsToolSelector(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object
        && value.TryGetProperty("dify_model_identity", out var identity)
        && identity.ValueKind == JsonValueKind.String
        && identity.ValueEquals(Identity);

    /// <summary>Reads a tool-selector value.</summary>
    /// <exception cref="FormatException">It lacks the marker or a field the SDK requires.</exception>
    public static ToolSelector FromJson(JsonElement value)
    {
        if (!IsToolSelector(value))
        {
            throw new FormatException($"The value is not a tool selector (an object with \"dify_model_identity\": \"{Identity}\").");
        }

        var parameters = new Dictionary<string, ToolSelectorParameter>(StringComparer.Ordinal);
        if (Required(value, "tool_parameters", JsonValueKind.Object) is { } rawParameters)
        {
            foreach (var property in rawParameters.EnumerateObject())
            {
                parameters[property.Name] = ToolSelectorParameter.FromJson(property.Value, property.Name);
            }
        }

        return new ToolSelector(
            RequiredText(value, "provider_id"),
            RequiredText(value, "tool_name"),
            RequiredText(value, "tool_description"),
            JsonObject.Create(Required(value, "tool_configuration", JsonValueKind.Object)!.Value) ?? [],
            parameters);
    }

    /// <summary>Reads a list of tool selectors (the SDK converts a list only when every item is one).</summary>
    public static IReadOnlyList<ToolSelector> ListFromJson(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(FromJson).ToArray()
            : throw new FormatException("The value is not a list of tool selectors.");

    /// <summary>The tool as a function a model can call, in OpenAI's schema (<c>ToolSelector.to_prompt_message</c>).</summary>
    public PromptMessageTool ToPromptMessageTool()
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var (name, parameter) in ToolParameters)
        {
            var schema = parameter.ToPromptSchema();
            if (parameter.Options is { Count: > 0 } options)
            {
                schema["enum"] = new JsonArray(options.Select(option => (JsonNode?)JsonValue.Create(option)).ToArray());
            }

            properties[name] = schema;
            if (parameter.Required)
            {
                required.Add((JsonNode?)JsonValue.Create(name));
            }
        }

        return new PromptMessageTool(ToolName, ToolDescription, new JsonObject { ["type"] = "object", ["properties"] = properties, ["required"] = required });
    }

    internal static JsonElement? Required(JsonElement value, string name, JsonValueKind kind) =>
        value.TryGetProperty(name, out var field) && field.ValueKind == kind
            ? field
            : throw new FormatException($"The tool selector's '{name}' is missing or not {(kind == JsonValueKind.Object ? "an object" : kind.ToString().ToLowerInvariant())}.");

    internal static string RequiredText(JsonElement value, string name) => Required(value, name, JsonValueKind.String)!.Value.GetString()!;
}

/// <summary>A parameter of a selected tool that a model fills (Python SDK: <c>ToolSelector.Parameter</c>).</summary>
/// <param name="Name">Its name.</param>
/// <param name="Type">Its manifest type, such as <c>string</c> or <c>number</c>.</param>
/// <param name="Required">Whether the tool needs it.</param>
/// <param name="Description">What it is, for a model.</param>
/// <param name="Default">Its default, if any.</param>
/// <param name="Options">The values of a <c>select</c>, if any.</param>
public sealed record ToolSelectorParameter(string Name, string Type, bool Required, string Description, JsonNode? Default, IReadOnlyList<string>? Options)
{
    internal static ToolSelectorParameter FromJson(JsonElement value, string key)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"The tool selector's parameter '{key}' is not an object.");
        }

        var required = value.TryGetProperty("required", out var flag) && flag.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? flag.GetBoolean()
            : throw new FormatException($"The tool selector's parameter '{key}' has no 'required' flag.");
        IReadOnlyList<string>? options = value.TryGetProperty("options", out var rawOptions) && rawOptions.ValueKind == JsonValueKind.Array
            ? rawOptions.EnumerateArray()
                .Select(option => option.ValueKind == JsonValueKind.Object && option.TryGetProperty("value", out var optionValue) && optionValue.ValueKind == JsonValueKind.String ? optionValue.GetString()! : null)
                .OfType<string>()
                .ToArray()
            : null;
        return new ToolSelectorParameter(
            ToolSelector.RequiredText(value, "name"),
            ToolSelector.RequiredText(value, "type"),
            required,
            ToolSelector.RequiredText(value, "description"),
            value.TryGetProperty("default", out var defaultValue) && defaultValue.ValueKind != JsonValueKind.Null ? JsonNode.Parse(defaultValue.GetRawText()) : null,
            options);
    }

    /// <summary>The JSON schema of the parameter for a model (<c>ToolParameterType.to_prompt_schema</c>, entities/tool.py:98-110).</summary>
    public JsonObject ToPromptSchema() => Type switch
    {
        "select" or "secret-input" or "date" => new JsonObject { ["type"] = "string", ["description"] = Description },
        "date-range" => new JsonObject
        {
            ["type"] = "object",
            ["description"] = Description,
            ["properties"] = new JsonObject { ["start"] = new JsonObject { ["type"] = "string" }, ["end"] = new JsonObject { ["type"] = "string" } },
        },
        _ => new JsonObject { ["type"] = Type, ["description"] = Description },
    };
}
