using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Dify.Plugin.Generator.Helpers;
using Dify.Plugin.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Dify.Plugin.Generator.Wiring;

/// <summary>Finds user types that take the name of a generated parameter record (a <c>partial record</c> extends it and is welcome).</summary>
internal static class RecordConflicts
{
    public static EquatableArray<RecordConflict> Find(Compilation compilation, EquatableArray<ToolKey> names, string @namespace, CancellationToken cancellationToken)
    {
        var conflicts = new List<RecordConflict>();
        foreach (var name in names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (compilation.Assembly.GetTypeByMetadataName(@namespace + "." + name.RecordName) is not { } type || ExtendsGeneratedRecord(type, cancellationToken))
            {
                continue;
            }

            var location = type.Locations.FirstOrDefault(location => location.IsInSource);
            conflicts.Add(new RecordConflict(name.Name, name.RecordName, name.ManifestPath, location is null ? null : LocationInfo.From(location)));
        }

        return conflicts.ToEquatableArray();
    }

    private static bool ExtendsGeneratedRecord(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        type.IsRecord && type.TypeKind == TypeKind.Class && type.DeclaringSyntaxReferences.All(reference =>
            reference.GetSyntax(cancellationToken) is RecordDeclarationSyntax record && record.Modifiers.Any(SyntaxKind.PartialKeyword));
}
