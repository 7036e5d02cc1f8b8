using System;
using System.Collections.Generic;
using System.Linq;
using Dify.Plugin.Generator.Diagnostics;
using Dify.Plugin.Generator.Emit;
using Dify.Plugin.Generator.Helpers;
using Dify.Plugin.Generator.Model;
using Dify.Plugin.Generator.Parsing;
using Dify.Plugin.Generator.Wiring;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Dify.Plugin.Generator;

/// <summary>
/// Turns Dify tool manifests (AdditionalFiles <c>tools/**/*.yaml</c>, with <c>provider/*.yaml</c> and
/// <c>manifest.yaml</c>) into typed parameter records, and connects <c>[DifyTool]</c> classes to them.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DifyToolGenerator : IIncrementalGenerator
{
    private const string DifyToolAttribute = "Dify.Plugin.DifyToolAttribute";
    private const string DifyToolProviderAttribute = "Dify.Plugin.DifyToolProviderAttribute";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var options = context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) => ReadOptions(provider.GlobalOptions))
            .WithTrackingName(TrackingNames.Options);

        var files = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) => ManifestFile.Classify(pair.Left, pair.Right, cancellationToken))
            .Where(static file => file is not null)
            .Select(static (file, _) => file!)
            .WithTrackingName(TrackingNames.ManifestFiles);

        var tools = files
            .Where(static file => file.Kind == ManifestKind.Tool)
            .Select(static (file, cancellationToken) => ToolManifestParser.Parse(file.FilePath, file.ManifestPath, file.Text, cancellationToken))
            .WithTrackingName(TrackingNames.ParseToolManifest);

        var supporting = files
            .Where(static file => file.Kind is ManifestKind.Plugin or ManifestKind.Provider)
            .Select(static (file, cancellationToken) => file.Kind == ManifestKind.Plugin
                ? SupportingManifestParser.ParsePlugin(file.FilePath, file.ManifestPath, file.Text, cancellationToken)
                : SupportingManifestParser.ParseProvider(file.FilePath, file.ManifestPath, file.Text, cancellationToken))
            .WithTrackingName(TrackingNames.ParseSupportingManifest);

        var toolNames = tools
            .Select(static (result, _) => result.Value is { } tool ? new ToolName(new ToolKey(tool.Name, tool.RecordName, tool.ClassName, tool.ManifestPath, tool.FilePath), tool.NameLocation) : null)
            .Where(static name => name is not null)
            .Select(static (name, _) => name!)
            .Collect()
            .Select(static (names, _) => names.OrderBy(name => name.FilePath, StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.ToolNames);

        var toolKeys = toolNames
            .Select(static (names, _) => HintNames.AssignRecordHints(names.Select(name => name.Key)))
            .WithTrackingName(TrackingNames.ToolKeys);

        var manifestPaths = files.Select(static (file, _) => file.ManifestPath).Collect();

        var toolClasses = context.SyntaxProvider
            .ForAttributeWithMetadataName(DifyToolAttribute, static (node, _) => node is ClassDeclarationSyntax, ToolClassReader.ReadTool)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(TrackingNames.ToolClasses);

        var providerClasses = context.SyntaxProvider
            .ForAttributeWithMetadataName(DifyToolProviderAttribute, static (node, _) => node is ClassDeclarationSyntax, ToolClassReader.ReadProvider)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!);

        var userTypes = context.SyntaxProvider
            .CreateSyntaxProvider(RecordConflicts.MayClash, RecordConflicts.Read)
            .Collect()
            .Select(static (types, _) => types.ToEquatableArray());

        var recordConflicts = userTypes
            .Combine(toolKeys)
            .Combine(options)
            .Select(static (input, _) => RecordConflicts.Find(input.Left.Left, input.Left.Right, input.Right.Namespace))
            .WithTrackingName(TrackingNames.RecordConflicts);

        var wiring = toolClasses.Collect()
            .Combine(providerClasses.Collect())
            .Combine(toolKeys)
            .Combine(recordConflicts)
            .Combine(options)
            .Select(static (input, _) =>
            {
                var ((((classes, providers), names), conflicts), generatorOptions) = input;
                return ToolClassWiring.Plan(classes, providers, names, conflicts, generatorOptions.Namespace);
            })
            .WithTrackingName(TrackingNames.Wiring);

        var hasPlugin = supporting
            .Select(static (manifest, _) => manifest.Declaration?.Kind == "plugin")
            .Collect()
            .Select(static (flags, _) => flags.Contains(true));
        var toolDeclarations = tools.Select(static (result, _) => result.Declaration);
        var supportingDeclarations = supporting.Select(static (manifest, _) => manifest.Declaration);
        var declarationEntries = toolDeclarations.Select(static (declaration, _) => declaration?.Entry)
            .Collect()
            .Combine(supportingDeclarations.Select(static (declaration, _) => declaration?.Entry).Collect())
            .Select(static (pair, _) => pair.Left.Concat(pair.Right).Where(entry => entry is not null).Select(entry => entry!).ToEquatableArray())
            .WithTrackingName(TrackingNames.Declarations);

        // Each manifest's declaration in a file of its own; the registry names them, so a manifest edit rewrites one file.
        context.RegisterSourceOutput(toolDeclarations.Combine(hasPlugin).Combine(options), static (context, input) => EmitDeclaration(context, input.Left.Left, input.Left.Right, input.Right));
        context.RegisterSourceOutput(supportingDeclarations.Combine(hasPlugin).Combine(options), static (context, input) => EmitDeclaration(context, input.Left.Left, input.Left.Right, input.Right));

        context.RegisterSourceOutput(declarationEntries.Combine(wiring).Combine(toolKeys).Combine(options), static (context, input) =>
        {
            var (((all, plan), names), generatorOptions) = input;
            var plugin = all.FirstOrDefault(declaration => declaration.Kind == "plugin");
            if (plugin is not null)
            {
                context.AddSource("DifyPlugin.Registration.g.cs", RegistryEmitter.Emit(plugin, all, plan, names, generatorOptions.Namespace));
            }
        });

        context.RegisterSourceOutput(tools.Combine(toolKeys).Combine(recordConflicts).Combine(options), static (context, input) =>
        {
            var (((result, names), conflicts), generatorOptions) = input;
            foreach (var diagnostic in result.Diagnostics)
            {
                context.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            if (result.Value is not { } tool)
            {
                return;
            }

            var first = ToolKey.FirstDeclaration(names, tool.Name, tool.RecordName);
            if (first.FilePath != tool.FilePath)
            {
                context.ReportDiagnostic(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateToolName, tool.NameLocation, tool.Name, first.ManifestPath).ToDiagnostic());
                return;
            }

            if (conflicts.Any(conflict => conflict.ToolName == tool.Name))
            {
                return;
            }

            var source = ParametersEmitter.Emit(tool, generatorOptions.Namespace);
            if (source.Length > ManifestLimits.MaxGeneratedCharacters)
            {
                context.ReportDiagnostic(DiagnosticInfo.Create(DiagnosticDescriptors.ManifestOverLimit, tool.NameLocation, tool.ManifestPath,
                    $"the code generated for it would have {source.Length:N0} characters, more than the {ManifestLimits.MaxGeneratedCharacters:N0} allowed").ToDiagnostic());
                return;
            }

            context.AddSource(first.RecordHint, source);
        });

        context.RegisterSourceOutput(supporting.Collect().Combine(manifestPaths).Combine(options), static (context, input) =>
        {
            var ((manifests, paths), generatorOptions) = input;
            if (generatorOptions.NamespaceDiagnostic is { } namespaceDiagnostic)
            {
                context.ReportDiagnostic(namespaceDiagnostic.ToDiagnostic());
            }

            // Every path and every tail of it after a '/', so that a reference resolves in one lookup.
            var known = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var path in paths)
            {
                known.Add(path);
                for (var slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
                {
                    known.Add(path.Substring(slash + 1));
                }
            }

            foreach (var manifest in manifests)
            {
                foreach (var diagnostic in manifest.Diagnostics)
                {
                    context.ReportDiagnostic(diagnostic.ToDiagnostic());
                }

                foreach (var reference in manifest.References)
                {
                    var target = ManifestFile.Normalize(reference.Target).TrimStart('.', '/');
                    if (!known.Contains(target))
                    {
                        context.ReportDiagnostic(DiagnosticInfo.Create(DiagnosticDescriptors.MissingReferencedFile, reference.Location, reference.Key, reference.Target).ToDiagnostic());
                    }
                }
            }
        });

        // DIFY1041 per manifest, so that moving one manifest's lines re-reports only its own diagnostic.
        var implementedTools = wiring.Select(static (plan, _) => plan.ImplementedTools);
        context.RegisterSourceOutput(tools.Combine(toolKeys).Combine(implementedTools), static (context, input) =>
        {
            var ((result, keys), implemented) = input;
            if (result.Value is { } tool && !implemented.Contains(tool.Name) && ToolKey.FirstDeclaration(keys, tool.Name, tool.RecordName).FilePath == tool.FilePath)
            {
                context.ReportDiagnostic(DiagnosticInfo.Create(DiagnosticDescriptors.ToolWithoutClass, tool.NameLocation, tool.Name, tool.ClassName, tool.RecordName).ToDiagnostic());
            }
        });

        context.RegisterSourceOutput(supporting.Select(static (manifest, _) => manifest.OAuth).Combine(options), static (context, input) =>
        {
            if (input.Left is { } oauth)
            {
                context.AddSource("DifyOAuth." + HintNames.Readable(oauth.ManifestPath) + ".g.cs", OAuthRecordsEmitter.Emit(oauth, input.Right.Namespace));
            }
        });

        var oauthDiagnostics = supporting.Select(static (manifest, _) => manifest.OAuth).Collect()
            .Combine(providerClasses.Collect())
            .Select(static (input, _) => OAuthWiring.Check(input.Left, input.Right));
        context.RegisterSourceOutput(oauthDiagnostics, static (context, diagnostics) =>
        {
            foreach (var diagnostic in diagnostics)
            {
                context.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        context.RegisterSourceOutput(wiring, static (context, plan) =>
        {
            foreach (var diagnostic in plan.Diagnostics)
            {
                context.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            foreach (var tool in plan.Tools)
            {
                context.AddSource(tool.HintName, ToolClassEmitter.Emit(tool.Class, tool.RecordType, tool.ManifestPath));
            }
        });
    }

    private static void EmitDeclaration(SourceProductionContext context, DeclarationSpec? declaration, bool hasPlugin, GeneratorOptions options)
    {
        if (declaration is not null && hasPlugin)
        {
            context.AddSource("DifyPlugin.Declaration." + HintNames.Readable(declaration.ManifestPath) + ".g.cs", DeclarationEmitter.Emit(declaration, options.Namespace));
        }
    }

    internal static GeneratorOptions ReadOptions(AnalyzerConfigOptions options)
    {
        options.TryGetValue("build_property.ProjectDir", out var projectDirectory);
        var configured = options.TryGetValue("build_property.DifyPluginNamespace", out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
        var root = options.TryGetValue("build_property.RootNamespace", out var rootNamespace) && Identifiers.IsValidNamespace(rootNamespace.Trim()) ? rootNamespace.Trim() : "DifyPlugin";
        if (configured is not null && !Identifiers.IsValidNamespace(configured))
        {
            return new GeneratorOptions(root, projectDirectory, DiagnosticInfo.Create(DiagnosticDescriptors.InvalidNamespaceOption, null, configured, root));
        }

        return new GeneratorOptions(configured ?? root, string.IsNullOrWhiteSpace(projectDirectory) ? null : projectDirectory, null);
    }
}
