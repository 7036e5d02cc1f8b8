using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Dify.Plugin.Generator.Helpers;
using Dify.Plugin.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Dify.Plugin.Generator.Parsing;

/// <summary>Reads <c>[DifyTool]</c> and <c>[DifyToolProvider]</c> classes into plain data, with every shape problem found.</summary>
internal static class ToolClassReader
{
    /// <summary>Members the generator writes into a tool class; the class must not declare them itself.</summary>
    private static readonly string[] GeneratedMembers = { "Descriptor", "InvokeCoreAsync" };

    private static readonly SymbolDisplayFormat NamespaceFormat = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    public static ToolClassSpec? ReadTool(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        ReadTool(context.TargetSymbol, context.Attributes, context.TargetNode, cancellationToken);

    /// <summary>The same, for the analyzer that reports the generator's diagnostics (it has no generator context).</summary>
    public static ToolClassSpec? ReadTool(ISymbol targetSymbol, ImmutableArray<AttributeData> attributes, SyntaxNode targetNode, CancellationToken cancellationToken)
    {
        if (targetSymbol is not INamedTypeSymbol type || Name(attributes) is not { } toolName)
        {
            return null;
        }

        var containing = new List<string>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            var keyword = outer.IsRecord ? (outer.IsValueType ? "record struct" : "record") : outer.TypeKind == TypeKind.Struct ? "struct" : outer.TypeKind == TypeKind.Interface ? "interface" : "class";
            containing.Insert(0, $"partial {keyword} {Identifiers.Escape(outer.Name)}{TypeParameters(outer)}");
        }

        var baseType = type.BaseType;
        var foreignBase = baseType is null || baseType.SpecialType == SpecialType.System_Object || KnownTypes.IsTool(baseType)
            ? null
            : baseType.ToDisplayString();
        var (problem, constructor) = Shape(type, "a tool class", cancellationToken);
        return new ToolClassSpec(
            toolName,
            Identifiers.Escape(type.Name) + TypeParameters(type),
            type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(NamespaceFormat),
            containing.ToEquatableArray(),
            FullName(type),
            IsPartial(type, cancellationToken),
            problem,
            constructor,
            foreignBase,
            InvokeRecordNames(type).ToEquatableArray(),
            GeneratedMembers.Where(member => type.GetMembers(member).Any(symbol => !symbol.IsImplicitlyDeclared)).ToEquatableArray(),
            Location(attributes, targetNode, cancellationToken));
    }

    public static ProviderClassSpec? ReadProvider(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        ReadProvider(context.TargetSymbol, context.Attributes, context.TargetNode, cancellationToken);

    public static ProviderClassSpec? ReadProvider(ISymbol targetSymbol, ImmutableArray<AttributeData> attributes, SyntaxNode targetNode, CancellationToken cancellationToken)
    {
        if (targetSymbol is not INamedTypeSymbol type || Name(attributes) is not { } providerName)
        {
            return null;
        }

        var (problem, constructor) = Shape(type, "a provider class", cancellationToken);
        if (problem is null && !DerivesFromToolProvider(type))
        {
            problem = "does not derive from Dify.Plugin.ToolProvider; add ': ToolProvider' and override ValidateCredentialsAsync";
        }

        return new ProviderClassSpec(providerName, FullName(type), problem, constructor, MissingOAuthMembers(type), Location(attributes, targetNode, cancellationToken));
    }

    private static readonly string[] OAuthMembers = { "GetAuthorizationUrlAsync", "GetOAuthCredentialsAsync", "RefreshOAuthCredentialsAsync" };

    /// <summary>The OAuth members of <c>ToolProvider</c> that no class between it and <paramref name="type"/> overrides.</summary>
    private static EquatableArray<string> MissingOAuthMembers(INamedTypeSymbol type)
    {
        var overridden = new HashSet<string>(StringComparer.Ordinal);
        for (INamedTypeSymbol? current = type; current is not null && !KnownTypes.IsToolProvider(current); current = current.BaseType)
        {
            foreach (var method in current.GetMembers().OfType<IMethodSymbol>().Where(method => method.IsOverride))
            {
                overridden.Add(method.Name);
            }
        }

        return OAuthMembers.Where(member => !overridden.Contains(member)).ToEquatableArray();
    }

    private static string? Name(ImmutableArray<AttributeData> attributes) =>
        attributes.FirstOrDefault() is { ConstructorArguments.Length: 1 } attribute && attribute.ConstructorArguments[0].Value is string name ? name : null;

    private static LocationInfo? Location(ImmutableArray<AttributeData> attributes, SyntaxNode targetNode, CancellationToken cancellationToken) =>
        LocationInfo.From(attributes.FirstOrDefault()?.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? targetNode.GetLocation());

    /// <summary>Why the plugin's registration could not create the class, with what to do, or the constructor it calls.</summary>
    private static (string? Problem, EquatableArray<ConstructorParameterSpec> Constructor) Shape(INamedTypeSymbol type, string what, CancellationToken cancellationToken) =>
        DeclarationProblem(type, what, cancellationToken) is { } problem ? (problem, EquatableArray<ConstructorParameterSpec>.Empty) : ConstructorReader.Read(type);

    /// <summary>Why generated code in another file could not extend or reach the class, with what to do; null when it can.</summary>
    private static string? DeclarationProblem(INamedTypeSymbol type, string what, CancellationToken cancellationToken)
    {
        if (type.IsStatic)
        {
            return $"is static, and {what} needs instances; remove 'static'";
        }

        if (type.IsAbstract)
        {
            return $"is abstract, and the plugin creates an instance of {what} per call; remove 'abstract'";
        }

        if (type.IsFileLocal)
        {
            return "is file-local, so generated code in another file cannot extend or create it; make it internal or public";
        }

        if (type.TypeParameters.Length > 0)
        {
            return "is generic, and the plugin cannot choose its type arguments; remove the type parameters";
        }

        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            {
                var which = SymbolEqualityComparer.Default.Equals(current, type) ? "it" : $"its containing type '{current.Name}'";
                return $"cannot be reached by the plugin's registration because {which} is {Describe(current.DeclaredAccessibility)}; make it internal or public";
            }

            if (!SymbolEqualityComparer.Default.Equals(current, type) && current.TypeParameters.Length > 0)
            {
                return $"is nested in the generic type '{current.Name}', and the plugin cannot choose its type arguments; move it out";
            }

            if (!SymbolEqualityComparer.Default.Equals(current, type) && !IsPartial(current, cancellationToken))
            {
                return $"is nested in '{current.Name}', which is not partial, so the generator cannot add to it; make '{current.Name}' partial";
            }
        }

        return null;
    }

    private static string Describe(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Private => "private",
        Accessibility.Protected => "protected",
        _ => "private protected",
    };

    /// <summary>
    /// The parameter-record names of every <c>InvokeAsync(TRecord, CancellationToken)</c> returning
    /// <c>IAsyncEnumerable&lt;ToolInvokeMessage&gt;</c>. The record is generated, so the generator's own compilation
    /// resolves it only to the user's <c>partial record</c> part, if any: a first parameter that resolves to anything
    /// else is some other type of the same name.
    /// </summary>
    private static IEnumerable<string> InvokeRecordNames(INamedTypeSymbol type) =>
        type.GetMembers("InvokeAsync").OfType<IMethodSymbol>()
            .Where(method => method.Arity == 0
                && method.Parameters.Length == 2
                && method.Parameters.All(parameter => parameter.RefKind == RefKind.None)
                && (method.Parameters[0].Type.TypeKind == TypeKind.Error || method.Parameters[0].Type.IsRecord)
                && KnownTypes.IsCancellationToken(method.Parameters[1].Type)
                && method.ReturnType is INamedTypeSymbol { TypeArguments.Length: 1 } returnType
                && KnownTypes.IsAsyncEnumerable(returnType)
                && KnownTypes.IsToolInvokeMessage(returnType.TypeArguments[0]))
            .Select(method => method.Parameters[0].Type.Name)
            .Distinct();

    private static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        type.DeclaringSyntaxReferences.All(reference =>
            reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword));

    private static bool DerivesFromToolProvider(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (KnownTypes.IsToolProvider(current))
            {
                return true;
            }
        }

        return false;
    }

    private static string FullName(INamedTypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    private static string TypeParameters(INamedTypeSymbol type) =>
        type.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", type.TypeParameters.Select(parameter => Identifiers.Escape(parameter.Name))) + ">";
}
