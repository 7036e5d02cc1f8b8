using System.Collections.Immutable;
using Dify.Plugin.Generator.Emit;
using Dify.Plugin.Generator.Helpers;
using Dify.Plugin.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Dify.Plugin.Benchmarks;

/// <summary>
/// Generators the edit benchmarks measure ours against: what Roslyn costs for any generator that reads what ours reads.
/// </summary>
internal static class ReferenceGenerators
{
    /// <summary>The C# inputs the real generator reads (the two attributes' classes, the type declarations) and the options.</summary>
    private static IncrementalValueProvider<(((ImmutableArray<string>, ImmutableArray<string>), ImmutableArray<int>), AnalyzerConfigOptionsProvider)> Code(IncrementalGeneratorInitializationContext context)
    {
        var tools = context.SyntaxProvider.ForAttributeWithMetadataName("Dify.Plugin.DifyToolAttribute", static (node, _) => node is ClassDeclarationSyntax, static (target, _) => target.TargetSymbol.Name).Collect();
        var providers = context.SyntaxProvider.ForAttributeWithMetadataName("Dify.Plugin.DifyToolProviderAttribute", static (node, _) => node is ClassDeclarationSyntax, static (target, _) => target.TargetSymbol.Name).Collect();
        var types = context.SyntaxProvider.CreateSyntaxProvider(static (node, _) => node is BaseTypeDeclarationSyntax, static (_, _) => 0).Collect();
        return tools.Combine(providers).Combine(types).Combine(context.AnalyzerConfigOptionsProvider);
    }

    /// <summary>Subscribes to what the real generator reads, and does nothing with it.</summary>
    public sealed class InputsOnly : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var files = context.AdditionalTextsProvider.Select(static (file, _) => file.Path).Collect();
            context.RegisterSourceOutput(files.Combine(Code(context)), static (_, _) => { });
        }
    }

    /// <summary>
    /// The least generator that writes what a manifest edit needs written: one per-file step reads each manifest and
    /// writes its file (our parse and emit), one per-file output adds it, and the C# inputs are read as ours reads them.
    /// It reads no options (the namespace is fixed, the kind taken from the path), checks nothing across files (no
    /// duplicate names, no conflicts, no registry) and connects no class: a lower bound for any generator of these
    /// outputs on Roslyn's incremental driver, ours included.
    /// </summary>
    public sealed class Least : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var manifests = context.AdditionalTextsProvider.Select(static (file, cancellationToken) =>
                ParsedManifest.Read(new ManifestFile(KindOf(file.Path), file.Path, file.Path, file.GetText(cancellationToken)!.ToString(), "Bench"), cancellationToken));
            context.RegisterSourceOutput(manifests, static (context, manifest) =>
            {
                if (manifest?.Tool?.Record is { } record)
                {
                    context.AddSource("DifyTool." + HintNames.Readable(manifest.ManifestPath) + ".g.cs", record.Text);
                }
                else if (manifest?.Supporting?.Declaration is { } declaration)
                {
                    context.AddSource("DifyPlugin.Declaration." + HintNames.Readable(declaration.ManifestPath) + ".g.cs", DeclarationEmitter.Emit(declaration, "Bench"));
                }
            });
            context.RegisterSourceOutput(Code(context), static (_, _) => { });
        }

        private static ManifestKind KindOf(string path) =>
            path.EndsWith("/manifest.yaml", StringComparison.Ordinal) ? ManifestKind.Plugin
            : path.Contains("/provider/", StringComparison.Ordinal) ? ManifestKind.Provider
            : ManifestKind.Tool;
    }
}
