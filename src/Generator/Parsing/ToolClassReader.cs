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

        var baseType = type.BaseType;
        var foreignBase = baseType is null || baseType.SpecialType == SpecialType.System_Object || KnownTypes.IsTool(baseType)
            ? null
            : baseType.ToDisplayString();
        var (problem, constructor) = Shape(type, "a tool class", cancellationToken);
        var namespaceName = NamespaceName(type.ContainingNamespace);
        return new ToolClassSpec(
            toolName,
            Identifiers.Escape(type.Name) + TypeParameters(type),
            namespaceName,
            ContainingDeclarations(type),
            FullName(type, namespaceName),
            IsPartial(type, cancellationToken),
            problem,
            constructor,
            foreignBase,
            InvokeRecordNames(type),
            DeclaredGeneratedMembers(type),
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

        return new ProviderClassSpec(providerName, FullName(type, NamespaceName(type.ContainingNamespace)), problem, constructor, MissingOAuthMembers(type), Location(attributes, targetNode, cancellationToken));
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
    private static EquatableArray<string> InvokeRecordNames(INamedTypeSymbol type)
    {
        List<string>? names = null;
        foreach (var member in type.GetMembers("InvokeAsync"))
        {
            if (member is IMethodSymbol { Arity: 0, Parameters: { Length: 2 } parameters } method
                && parameters[0].RefKind == RefKind.None
                && parameters[1].RefKind == RefKind.None
                && (parameters[0].Type.TypeKind == TypeKind.Error || parameters[0].Type.IsRecord)
                && KnownTypes.IsCancellationToken(parameters[1].Type)
                && method.ReturnType is INamedTypeSymbol { TypeArguments.Length: 1 } returnType
                && KnownTypes.IsAsyncEnumerable(returnType)
                && KnownTypes.IsToolInvokeMessage(returnType.TypeArguments[0])
                && !(names?.Contains(parameters[0].Type.Name) ?? false))
            {
                (names ??= new List<string>()).Add(parameters[0].Type.Name);
            }
        }

        return names is null ? EquatableArray<string>.Empty : names.ToEquatableArray();
    }

    /// <summary>The members of <see cref="GeneratedMembers"/> the class declares itself.</summary>
    private static EquatableArray<string> DeclaredGeneratedMembers(INamedTypeSymbol type)
    {
        List<string>? declared = null;
        foreach (var name in GeneratedMembers)
        {
            foreach (var member in type.GetMembers(name))
            {
                if (!member.IsImplicitlyDeclared)
                {
                    (declared ??= new List<string>()).Add(name);
                    break;
                }
            }
        }

        return declared is null ? EquatableArray<string>.Empty : declared.ToEquatableArray();
    }

    /// <summary>The <c>partial</c> declarations of the types <paramref name="type"/> is nested in, outermost first.</summary>
    private static EquatableArray<string> ContainingDeclarations(INamedTypeSymbol type)
    {
        if (type.ContainingType is null)
        {
            return EquatableArray<string>.Empty;
        }

        var containing = new List<string>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            var keyword = outer.IsRecord ? (outer.IsValueType ? "record struct" : "record") : outer.TypeKind == TypeKind.Struct ? "struct" : outer.TypeKind == TypeKind.Interface ? "interface" : "class";
            containing.Insert(0, $"partial {keyword} {Identifiers.Escape(outer.Name)}{TypeParameters(outer)}");
        }

        return containing.ToEquatableArray();
    }

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

    /// <summary>
    /// The namespace as code names it (<c>A.B</c>), or null for the global namespace. These readers run for every class on
    /// every C# edit, so the name is joined from its parts; a part that SymbolDisplay might escape (a keyword, contextual
    /// ones included) sends the whole name to SymbolDisplay instead, which then decides.
    /// </summary>
    internal static string? NamespaceName(INamespaceSymbol containingNamespace)
    {
        if (containingNamespace.IsGlobalNamespace)
        {
            return null;
        }

        var name = containingNamespace.Name;
        if (MayBeEscaped(name))
        {
            return containingNamespace.ToDisplayString(NamespaceFormat);
        }

        for (var outer = containingNamespace.ContainingNamespace; outer is not null && !outer.IsGlobalNamespace; outer = outer.ContainingNamespace)
        {
            if (MayBeEscaped(outer.Name))
            {
                return containingNamespace.ToDisplayString(NamespaceFormat);
            }

            name = outer.Name + "." + name;
        }

        return name;
    }

    /// <summary>
    /// <c>type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)</c>, joined from the parts when no part is
    /// generic, special or possibly escaped (see <see cref="NamespaceName"/>), else from SymbolDisplay.
    /// </summary>
    /// <param name="type">The class.</param>
    /// <param name="namespaceName">Its <see cref="NamespaceName"/>.</param>
    internal static string FullName(INamedTypeSymbol type, string? namespaceName)
    {
        if (type.SpecialType != SpecialType.None)
        {
            return type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        }

        var name = type.Name;
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.Arity != 0 || MayBeEscaped(current.Name))
            {
                return type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            }

            if (!ReferenceEquals(current, type))
            {
                name = current.Name + "." + name;
            }
        }

        return namespaceName is null ? "global::" + name : "global::" + namespaceName + "." + name;
    }

    private static bool MayBeEscaped(string name) =>
        name.Length == 0 || SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None;

    private static string TypeParameters(INamedTypeSymbol type) =>
        type.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", type.TypeParameters.Select(parameter => Identifiers.Escape(parameter.Name))) + ">";
}
