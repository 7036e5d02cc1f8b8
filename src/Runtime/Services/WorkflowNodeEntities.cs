using System.Text.Json.Nodes;

namespace Dify.Plugin;

/// <summary>A workflow node's result (Python SDK: <c>NodeResponse</c>).</summary>
public sealed record NodeResponse
{
    /// <summary>What the node did, such as the prompts it sent to the model.</summary>
    public required JsonObject ProcessData { get; init; }

    /// <summary>The node's inputs.</summary>
    public required JsonObject Inputs { get; init; }

    /// <summary>
    /// The node's outputs: for the question classifier <c>class_name</c> (and, in recent Dify, <c>class_id</c>); for the
    /// parameter extractor one entry per extracted parameter, with <c>__is_success</c> and <c>__reason</c>.
    /// </summary>
    public required JsonObject Outputs { get; init; }
}

/// <summary>One class for the question classifier (Python SDK: <c>ClassConfig</c>).</summary>
/// <param name="Id">The class's id, returned when the question falls into it.</param>
/// <param name="Name">The class's description, which the model reads.</param>
public sealed record ClassConfig(string Id, string Name);

/// <summary>The types the parameter extractor accepts (the daemon's <c>oneof</c> for <c>parameters[].type</c>).</summary>
public enum ExtractedParameterType
{
    /// <summary><c>string</c></summary>
    String,

    /// <summary><c>number</c></summary>
    Number,

    /// <summary><c>bool</c></summary>
    Bool,

    /// <summary><c>select</c>: one of <see cref="ParameterConfig.Options"/>.</summary>
    Select,

    /// <summary><c>array[string]</c></summary>
    ArrayOfString,

    /// <summary><c>array[number]</c></summary>
    ArrayOfNumber,

    /// <summary><c>array[object]</c></summary>
    ArrayOfObject,
}

/// <summary>One parameter for the parameter extractor to find (Python SDK: <c>ParameterConfig</c>).</summary>
/// <param name="Name">The parameter's name, the key of its value in <see cref="NodeResponse.Outputs"/>.</param>
/// <param name="Type">Its type.</param>
/// <param name="Description">What it means, for the model.</param>
/// <param name="Required">Whether the extraction fails without it.</param>
public sealed record ParameterConfig(string Name, ExtractedParameterType Type, string? Description = null, bool? Required = null)
{
    /// <summary>The allowed values of a <see cref="ExtractedParameterType.Select"/> parameter.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    internal string TypeWireName => Type switch
    {
        ExtractedParameterType.String => "string",
        ExtractedParameterType.Number => "number",
        ExtractedParameterType.Bool => "bool",
        ExtractedParameterType.Select => "select",
        ExtractedParameterType.ArrayOfString => "array[string]",
        ExtractedParameterType.ArrayOfNumber => "array[number]",
        ExtractedParameterType.ArrayOfObject => "array[object]",
        _ => throw new ArgumentOutOfRangeException(nameof(Type), Type, "Unknown parameter type."),
    };
}
