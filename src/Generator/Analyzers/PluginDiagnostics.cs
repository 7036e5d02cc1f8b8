using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Dify.Plugin.Generator.Diagnostics;
using Dify.Plugin.Generator.Emit;
using Dify.Plugin.Generator.Helpers;
using Dify.Plugin.Generator.Model;
using Dify.Plugin.Generator.Parsing;
using Dify.Plugin.Generator.Wiring;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Dify.Plugin.Generator.Analyzers;

/// <summary>
/// The diagnostics the generator's pipeline makes for a compilation, by file: each step of <see cref="DifyToolGenerator"/>
/// called once over the whole input instead of incrementally. It reads the compilation without the generator's own
/// output, as the generator does, so the class checks see the user's code only.
/// </summary>
internal sealed class PluginDiagnostics
{
    private static readonly string GeneratorDirectory = typeof(DifyToolGenerator).FullName!;

    private readonly Dictionary<string, List<DiagnosticInfo>> _byFile;

    private PluginDiagnostics(Dictionary<string, List<DiagnosticInfo>> byFile) => _byFile = byFile;

    /// <summary>The diagnostics located in the file at <paramref name="path"/>.</summary>
    public IReadOnlyList<DiagnosticInfo> In(string path) =>
        _byFile.TryGetValue(path, out var diagnostics) ? diagnostics : (IReadOnlyList<DiagnosticInfo>)Array.Empty<DiagnosticInfo>();

    public static PluginDiagnostics Compute(Compilation compilation, AnalyzerOptions analyzerOptions, CancellationToken cancellationToken)
    {
        var configOptions = analyzerOptions.AnalyzerConfigOptionsProvider;
        var options = GeneratorOptions.Read(configOptions.GlobalOptions);
        var files = analyzerOptions.AdditionalFiles
            .Select(file => ManifestFile.Classify(file, configOptions, options.Namespace, cancellationToken))
            .Where(file => file is not null)
            .Select(file => file!)
            .ToList();
        var tools = files.Where(file => file.Kind == ManifestKind.Tool).Select(ParsedManifests.ToolOutput).ToList();
        var supporting = files.Where(file => file.Kind is ManifestKind.Plugin or ManifestKind.Provider).Select(ParsedManifests.Supporting).ToList();

        var keys = ToolKey.AssignedInPathOrder(tools.Select(output => output.Key));
        var classes = UserCode.Read(compilation, cancellationToken);
        var conflicts = RecordConflicts.Find(classes.UserTypes.ToEquatableArray(), keys, options.Namespace);
        var plan = ToolClassWiring.Plan(classes.Tools, classes.Providers, keys, conflicts, tools.Any(output => output.Key is null), options.Namespace);
        var hasPlugin = supporting.Any(manifest => manifest.Declaration?.Entry?.Kind == "plugin");
        var toolContext = new ToolOutputContext(keys, conflicts, plan.ImplementedTools, hasPlugin, options.Namespace, ReportsDiagnostics: false);

        var all = tools.SelectMany(output => ManifestOutputs.Diagnostics(output, toolContext))
            .Concat(ManifestReferences.Check(supporting, files.Select(file => file.ManifestPath)))
            .Concat(OAuthWiring.Check(supporting.Select(manifest => manifest.OAuth).ToImmutableArray(), classes.Providers))
            .Concat(plan.Diagnostics);
        var byFile = new Dictionary<string, List<DiagnosticInfo>>(StringComparer.Ordinal);
        foreach (var diagnostic in all.Where(DiagnosticReporting.ReportedByAnalyzer))
        {
            if (!byFile.TryGetValue(diagnostic.Location!.FilePath, out var list))
            {
                byFile[diagnostic.Location.FilePath] = list = new List<DiagnosticInfo>();
            }

            list.Add(diagnostic);
        }

        return new PluginDiagnostics(byFile);
    }

    /// <summary>What the generator's syntax steps read from the user's code: tool and provider classes, and types named like records.</summary>
    private sealed class UserCode
    {
        public ImmutableArray<ToolClassSpec>.Builder ToolBuilder { get; } = ImmutableArray.CreateBuilder<ToolClassSpec>();

        public ImmutableArray<ProviderClassSpec>.Builder ProviderBuilder { get; } = ImmutableArray.CreateBuilder<ProviderClassSpec>();

        public List<UserTypeSpec> UserTypes { get; } = new();

        public ImmutableArray<ToolClassSpec> Tools => ToolBuilder.ToImmutable();

        public ImmutableArray<ProviderClassSpec> Providers => ProviderBuilder.ToImmutable();

        public static UserCode Read(Compilation compilation, CancellationToken cancellationToken)
        {
            var generated = compilation.SyntaxTrees.Where(IsGeneratorOutput).ToArray();
            var source = generated.Length == 0 ? compilation : compilation.RemoveSyntaxTrees(generated);
            var code = new UserCode();
            foreach (var tree in source.SyntaxTrees)
            {
                SemanticModel? model = null;
                var root = tree.GetRoot(cancellationToken);
                foreach (var node in root.DescendantNodes(static node => node is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (RecordConflicts.MayClash(node, cancellationToken))
                    {
                        code.UserTypes.Add(RecordConflicts.Read(node));
                    }

                    if (node is ClassDeclarationSyntax { AttributeLists.Count: > 0 } declaration)
                    {
                        model ??= source.GetSemanticModel(tree);
                        code.ReadClass(model.GetDeclaredSymbol(declaration, cancellationToken), declaration, cancellationToken);
                    }
                }
            }

            return code;
        }

        /// <summary>As ForAttributeWithMetadataName: the attributes of the class applied in this declaration.</summary>
        private void ReadClass(INamedTypeSymbol? type, ClassDeclarationSyntax declaration, CancellationToken cancellationToken)
        {
            if (type is null)
            {
                return;
            }

            var attributes = type.GetAttributes();
            if (Applied(attributes, declaration, KnownNames.DifyToolAttribute) is { IsEmpty: false } tool
                && ToolClassReader.ReadTool(type, tool, declaration, cancellationToken) is { } toolClass)
            {
                ToolBuilder.Add(toolClass);
            }

            if (Applied(attributes, declaration, KnownNames.DifyToolProviderAttribute) is { IsEmpty: false } provider
                && ToolClassReader.ReadProvider(type, provider, declaration, cancellationToken) is { } providerClass)
            {
                ProviderBuilder.Add(providerClass);
            }
        }

        private static ImmutableArray<AttributeData> Applied(ImmutableArray<AttributeData> attributes, ClassDeclarationSyntax declaration, string name) =>
            attributes.Where(attribute => attribute.AttributeClass?.ToDisplayString() == name
                && attribute.ApplicationSyntaxReference is { } reference
                && reference.SyntaxTree == declaration.SyntaxTree
                && declaration.AttributeLists.Any(list => list.Span.Contains(reference.Span)))
                .ToImmutableArray();

        /// <summary>The generator's own output, whose path ends in its type's full name and the hint name.</summary>
        private static bool IsGeneratorOutput(SyntaxTree tree) =>
            Path.GetFileName(Path.GetDirectoryName(tree.FilePath)) == GeneratorDirectory;
    }
}
