using Microsoft.CodeAnalysis;

namespace Dify.Plugin.Generator.Helpers;

/// <summary>
/// Recognizes the types the class readers look for by name and namespace, without display strings: those readers run
/// for every [DifyTool] class on every C# edit (ForAttributeWithMetadataName transforms again each class against each
/// new compilation), and <c>ToDisplayString</c> was most of an edit's cost in a plugin with a class per tool.
/// </summary>
internal static class KnownTypes
{
    private static readonly string[] DifyPlugin = { "Plugin", "Dify" };
    private static readonly string[] SystemThreading = { "Threading", "System" };
    private static readonly string[] SystemCollectionsGeneric = { "Generic", "Collections", "System" };
    private static readonly string[] MicrosoftExtensionsDependencyInjection = { "DependencyInjection", "Extensions", "Microsoft" };

    public static bool IsTool(ITypeSymbol? type) => Is(type, "Tool", 0, DifyPlugin);

    public static bool IsToolProvider(ITypeSymbol? type) => Is(type, "ToolProvider", 0, DifyPlugin);

    public static bool IsToolInvokeMessage(ITypeSymbol? type) => Is(type, "ToolInvokeMessage", 0, DifyPlugin);

    public static bool IsCancellationToken(ITypeSymbol? type) => Is(type, "CancellationToken", 0, SystemThreading);

    public static bool IsActivatorUtilitiesConstructorAttribute(ITypeSymbol? type) => Is(type, "ActivatorUtilitiesConstructorAttribute", 0, MicrosoftExtensionsDependencyInjection);

    /// <summary>Whether <paramref name="type"/> is <c>IAsyncEnumerable&lt;T&gt;</c> of some T.</summary>
    public static bool IsAsyncEnumerable(INamedTypeSymbol type) => Is(type.OriginalDefinition, "IAsyncEnumerable", 1, SystemCollectionsGeneric);

    /// <param name="type">The type.</param>
    /// <param name="name">Its name, without arity.</param>
    /// <param name="arity">Its number of type parameters.</param>
    /// <param name="namespaceParts">Its namespace, innermost part first.</param>
    private static bool Is(ITypeSymbol? type, string name, int arity, string[] namespaceParts)
    {
        if (type is not INamedTypeSymbol named || named.Arity != arity || named.Name != name || named.ContainingType is not null)
        {
            return false;
        }

        var current = named.ContainingNamespace;
        foreach (var part in namespaceParts)
        {
            if (current is null || current.IsGlobalNamespace || current.Name != part)
            {
                return false;
            }

            current = current.ContainingNamespace;
        }

        return current is { IsGlobalNamespace: true };
    }
}
