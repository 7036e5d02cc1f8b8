using Dify.Plugin.Generator.Parsing;
using Dify.Plugin.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Dify.Plugin.Generator.Tests;

/// <summary>
/// The class readers join a class's names from its parts instead of asking SymbolDisplay (they run for every class on
/// every C# edit); what they join must be what SymbolDisplay writes, for every shape of name.
/// </summary>
public sealed class ClassNameTests
{
    private const string Sources = """
        class InGlobalNamespace { class Nested { class Deeper { } } }
        namespace Plain { class Tool { } }
        namespace Outer.Inner.Innermost { class Tool { public class Nested { } } }
        namespace @class.@namespace { class @int { class @string { } } }
        namespace record.var.async.@event { class dynamic { class nameof { } } }
        namespace value.@global.@file.required { class @record { class @var { } } class @scoped { } }
        namespace Café.Ünïcode { class Größe { class \u0041bc { } } }
        namespace @class.Plain { class Tool { class Nested { } } }
        namespace System { class String { } class Object { } }
        namespace Generic { class Outer<T> { class Inner { } class Pair<TKey, @int> { } } class Arity1<@class> { } }
        """;

    private const string FileScoped = """
        namespace FileScoped.Dotted;
        class InFileScoped { struct Nested { } record Record { } interface Interface { } }
        """;

    private static readonly SymbolDisplayFormat NamespaceDisplay = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    public static TheoryData<string> TypeNames()
    {
        var data = new TheoryData<string>();
        foreach (var type in SourceTypes())
        {
            data.Add(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void The_joined_names_are_the_ones_SymbolDisplay_writes(string displayed)
    {
        var type = SourceTypes().Single(candidate => candidate.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) == displayed);

        var namespaceName = ToolClassReader.NamespaceName(type.ContainingNamespace);

        Assert.Equal(type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(NamespaceDisplay), namespaceName);
        Assert.Equal(displayed, ToolClassReader.FullName(type, namespaceName));
    }

    [Fact]
    public void Every_shape_of_name_is_among_the_cases()
    {
        var names = SourceTypes().Select(type => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).ToList();

        // Escaped keywords, contextual keywords (which SymbolDisplay leaves alone), Unicode escapes and generic containers.
        Assert.Contains("global::@class.@namespace.@int.@string", names);
        Assert.Contains("global::record.var.async.@event.dynamic.nameof", names);
        Assert.Contains("global::Café.Ünïcode.Größe.Abc", names);
        Assert.Contains("global::Generic.Outer<T>.Pair<TKey, @int>", names);
        Assert.Contains("global::@class.Plain.Tool.Nested", names);
        Assert.Equal(27, names.Count);
    }

    private static List<INamedTypeSymbol> SourceTypes()
    {
        var compilation = GeneratorHarness.CreateCompilation([Sources, FileScoped]);
        Assert.Empty(compilation.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error));
        var types = new List<INamedTypeSymbol>();
        Collect(compilation.Assembly.GlobalNamespace, types);
        return types;
    }

    private static void Collect(INamespaceOrTypeSymbol container, List<INamedTypeSymbol> types)
    {
        foreach (var member in container.GetMembers())
        {
            if (member is INamedTypeSymbol { IsImplicitlyDeclared: false } type)
            {
                types.Add(type);
                Collect(type, types);
            }
            else if (member is INamespaceSymbol @namespace)
            {
                Collect(@namespace, types);
            }
        }
    }
}
