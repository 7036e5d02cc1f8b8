using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dify.Plugin;

/// <summary>What a tool manifest declares, captured at compile time by the generator.</summary>
/// <param name="Name">The tool's <c>identity.name</c>.</param>
/// <param name="Label">The tool's label in every locale.</param>
/// <param name="LlmDescription">The tool's <c>description.llm</c>.</param>
/// <param name="ManifestPath">The manifest, relative to the project.</param>
/// <param name="Parameters">The parameters, in manifest order.</param>
/// <param name="LlmParametersSchemaJson">
/// The JSON Schema of the <c>form: llm</c> parameters exactly as Dify's agent runner builds it for the model.
/// </param>
public sealed record ToolDescriptor(
    string Name,
    I18nText Label,
    string LlmDescription,
    string ManifestPath,
    IReadOnlyList<ToolParameterDescriptor> Parameters,
    string LlmParametersSchemaJson)
{
    /// <summary>The schema of the <c>form: llm</c> parameters, parsed.</summary>
    public JsonObject GetLlmParametersSchema() => JsonNode.Parse(LlmParametersSchemaJson)!.AsObject();

    /// <summary>This tool as a tool an LLM can call, as Dify's agent runner presents it.</summary>
    public PromptMessageTool ToPromptMessageTool() => new(Name, LlmDescription, GetLlmParametersSchema());

    /// <summary>The descriptor of a parameter, by its manifest name.</summary>
    public ToolParameterDescriptor? FindParameter(string name) => Parameters.FirstOrDefault(parameter => parameter.Name == name);
}

/// <summary>What a tool manifest declares for one parameter.</summary>
/// <param name="Name">The parameter's <c>name</c>.</param>
/// <param name="Type">The manifest's <c>type</c>.</param>
/// <param name="Form">The manifest's <c>form</c>.</param>
/// <param name="Required">Whether it is <c>required</c>.</param>
/// <param name="Scope">The <c>scope</c>, if any.</param>
/// <param name="Label">The label in every locale.</param>
/// <param name="ManifestLine">The 1-based line of the parameter in the manifest.</param>
public sealed record ToolParameterDescriptor(string Name, string Type, string Form, bool Required, string? Scope, I18nText Label, int ManifestLine)
{
    /// <summary>The scope's tokens (split on <c>&amp;</c>).</summary>
    public IReadOnlyList<string> ScopeTokens => Scope is null ? [] : Scope.Split('&', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>The value of an <c>app-selector</c> parameter: <c>{"app_id", "inputs", "files"}</c>.</summary>
/// <param name="AppId">The selected app.</param>
/// <param name="Inputs">The inputs the user configured for it.</param>
/// <param name="Files">The files the user configured for it.</param>
public sealed record AppSelection(string AppId, JsonObject Inputs, JsonArray Files)
{
    /// <summary>Reads an app-selector value.</summary>
    /// <exception cref="ToolParametersException">It is not an object with an <c>app_id</c>.</exception>
    public static AppSelection FromJson(JsonElement value, string parameterName)
    {
        if (value.ValueKind != JsonValueKind.Object || ModelSelector.GetString(value, "app_id") is not { Length: > 0 } appId)
        {
            throw new ToolParametersException(null, [new ToolParameterProblem(parameterName, "type", "expected an app selection with an app_id; pick an app for this tool in Dify.")]);
        }

        var inputs = value.TryGetProperty("inputs", out var i) && i.ValueKind == JsonValueKind.Object ? JsonObject.Create(i)! : new JsonObject();
        var files = value.TryGetProperty("files", out var f) && f.ValueKind == JsonValueKind.Array ? JsonArray.Create(f)! : new JsonArray();
        return new AppSelection(appId, inputs, files);
    }
}

/// <summary>The value of a <c>date-range</c> parameter.</summary>
/// <param name="Start">The first day.</param>
/// <param name="End">The last day.</param>
public readonly record struct DateRange(DateOnly Start, DateOnly End);
