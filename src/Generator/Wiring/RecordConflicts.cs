using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Dify.Plugin.Generator.Helpers;
using Dify.Plugin.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Dify.Plugin.Generator.Wiring;

/// <summary>
/// Finds user types that take the name of a generated parameter record (a <c>partial record</c> extends it and is
/// welcome). Read from syntax alone, one tree at a time, so a C# edit costs only the edited tree and no compilation.
/// </summary>
internal static class RecordConflicts
{
    /// <summary>Only namespace-level types whose name ends like a record's can clash with one.</summary>
    public static bool MayClash(SyntaxNode node, CancellationToken cancellationToken) =>
        node is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax
        && node.Parent is BaseNamespaceDeclarationSyntax or CompilationUnitSyntax
        && Identifier(node).ValueText.EndsWith("Parameters", System.StringComparison.Ordinal)
        && (node is not TypeDeclarationSyntax { TypeParameterList: not null })
        && (node is not DelegateDeclarationSyntax { TypeParameterList: not null });

    public static UserTypeSpec Read(GeneratorSyntaxContext context, CancellationToken cancellationToken) => Read(context.Node);

    public static UserTypeSpec Read(SyntaxNode node)
    {
        var namespaceParts = node.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Select(declaration => declaration.Name.ToString().Replace(" ", "")).Reverse();
        var fullName = string.Join(".", namespaceParts.Append(Identifier(node).ValueText));
        var extendsRecord = node is RecordDeclarationSyntax record
            && !record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword)
            && record.Modifiers.Any(SyntaxKind.PartialKeyword);
        return new UserTypeSpec(fullName, extendsRecord, LocationInfo.From(Identifier(node).GetLocation()));
    }

    public static EquatableArray<RecordConflict> Find(EquatableArray<UserTypeSpec> userTypes, EquatableArray<ToolKey> names, string @namespace)
    {
        var conflicts = new List<RecordConflict>();
        foreach (var name in names)
        {
            var fullName = @namespace + "." + name.RecordName;
            var clash = userTypes.FirstOrDefault(type => type.FullName == fullName && !type.ExtendsGeneratedRecord);
            if (clash is not null)
            {
                conflicts.Add(new RecordConflict(name.Name, name.RecordName, name.ManifestPath, clash.Location));
            }
        }

        return conflicts.ToEquatableArray();
    }

    private static SyntaxToken Identifier(SyntaxNode node) => node switch
    {
        BaseTypeDeclarationSyntax type => type.Identifier,
        DelegateDeclarationSyntax @delegate => @delegate.Identifier,
        _ => default,
    };
}
