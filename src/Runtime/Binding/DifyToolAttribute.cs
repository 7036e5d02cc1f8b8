namespace Dify.Plugin;

/// <summary>
/// Marks a partial class as the implementation of the tool named <see cref="Name"/> in <c>tools/*.yaml</c>
/// (<c>identity.name</c>). The generator makes the class a <see cref="Tool"/> and calls its
/// <c>InvokeAsync(&lt;Tool&gt;Parameters parameters, CancellationToken cancellationToken)</c> with typed parameters.
/// </summary>
/// <param name="name">The tool's <c>identity.name</c>.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class DifyToolAttribute(string name) : Attribute
{
    /// <summary>The tool's <c>identity.name</c>.</summary>
    public string Name { get; } = name;
}

/// <summary>Generated on each property of a parameter record: what the manifest declares for it.</summary>
/// <param name="name">The parameter's name in the manifest.</param>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class DifyParameterAttribute(string name) : Attribute
{
    /// <summary>The parameter's name in the manifest.</summary>
    public string Name { get; } = name;

    /// <summary>The manifest's <c>type</c>, such as <c>model-selector</c>.</summary>
    public string Type { get; init; } = "";

    /// <summary>The manifest's <c>form</c>: <c>llm</c>, <c>form</c> or <c>schema</c>.</summary>
    public string Form { get; init; } = "";

    /// <summary>The manifest's <c>scope</c>, such as <c>llm&amp;tool-call</c>, if any.</summary>
    public string? Scope { get; init; }

    /// <summary>Whether the manifest marks the parameter <c>required</c>.</summary>
    public bool Required { get; init; }
}

/// <summary>
/// Marks the class that validates the credentials of the provider named <see cref="Name"/> (the provider YAML's
/// <c>identity.name</c>). The class derives from <see cref="ToolProvider"/>.
/// </summary>
/// <param name="name">The provider's <c>identity.name</c>.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class DifyToolProviderAttribute(string name) : Attribute
{
    /// <summary>The provider's <c>identity.name</c>.</summary>
    public string Name { get; } = name;
}
