using System.Linq;
using Dify.Plugin.Generator.Helpers;
using Dify.Plugin.Generator.Model;

namespace Dify.Plugin.Generator.Emit;

/// <summary>
/// Writes how the registry creates a tool or provider class from a request's services: the constructor call with each
/// argument looked up by its type, and the dependencies the host checks at start-up. No reflection at run time.
/// </summary>
internal static class ActivationEmitter
{
    private const string Activation = "global::Dify.Plugin.Hosting.ToolActivation.";

    /// <summary>The factory lambda: <c>static services =&gt; ...</c>.</summary>
    public static string Factory(string fullTypeName, EquatableArray<ConstructorParameterSpec> constructor, string owner)
    {
        if (constructor.Count == 0)
        {
            return $"static _ => new {fullTypeName}()";
        }

        var ownerLiteral = CSharpLiterals.String(owner);
        var arguments = constructor.Select(parameter => parameter.Fallback is { } fallback
            ? $"{Activation}Optional<{parameter.TypeName}>(services, {fallback})"
            : $"{Activation}Required<{parameter.TypeName}>(services, {ownerLiteral}, {CSharpLiterals.String(parameter.DisplayTypeName)}, {CSharpLiterals.String(parameter.Name.TrimStart('@'))})");

        // A class the application registered itself (a typed HttpClient, say) comes from the container as registered.
        return $"static services => {Activation}Registered<{fullTypeName}>(services) ?? new {fullTypeName}({string.Join(", ", arguments)})";
    }

    /// <summary>The object initializer that records the constructor's services; empty for a parameterless constructor.</summary>
    public static string Dependencies(string property, string fullTypeName, EquatableArray<ConstructorParameterSpec> constructor, string owner)
    {
        if (constructor.Count == 0)
        {
            return "";
        }

        var parameters = constructor.Select(parameter =>
            $"new(typeof({parameter.TypeName}), {CSharpLiterals.String(parameter.DisplayTypeName)}, {CSharpLiterals.String(parameter.Name.TrimStart('@'))}, {(parameter.Fallback is null ? "false" : "true")})");
        return $" {{ {property} = new({CSharpLiterals.String(owner)}, typeof({fullTypeName}), new global::Dify.Plugin.Hosting.ServiceParameter[] {{ {string.Join(", ", parameters)} }}) }}";
    }

    /// <summary>The class as the run-time messages name it.</summary>
    public static string Owner(string kind, string name, string fullTypeName) => $"{kind} '{name}' ({fullTypeName.Replace("global::", "")})";
}
