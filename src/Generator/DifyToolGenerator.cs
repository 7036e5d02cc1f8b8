using System;
using System.Collections.Generic;
using System.Collections.Immutable;
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
            .Select(static (provider, _) => GeneratorOptions.Read(provider.GlobalOptions))
            .WithTrackingName(TrackingNames.Options);

        // Every per-item step walks every additional file on every run, a C# keystroke included, so there are as few as
        // can be: one reads a file (null when it is no manifest), parses it and writes a tool's file (ParsedManifest), and
        // one adds each file's outputs. The plugin-wide steps read the collected results.
        var fileOptions = context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) => (Provider: provider, GeneratorOptions.Read(provider.GlobalOptions).Namespace));
        var manifests = context.AdditionalTextsProvider
            .Combine(fileOptions)
            .Select(static (pair, cancellationToken) => ParsedManifest.Read(ManifestFile.Classify(pair.Left, pair.Right.Provider, pair.Right.Namespace, cancellationToken), cancellationToken))
            .WithTrackingName(TrackingNames.ParseManifest);
        var index = manifests.Collect()
            .Select(static (all, _) => PluginIndex.Of(all))
            .WithTrackingName(TrackingNames.PluginIndex);

        var supportingManifests = index.Select(static (index, _) => index.Supporting);
        var supportingEntries = supportingManifests.Select(static (manifests, _) => manifests.Select(manifest => manifest.Declaration?.Entry).Where(entry => entry is not null).Select(entry => entry!).ToEquatableArray());
        var hasPlugin = supportingEntries.Select(static (entries, _) => entries.Any(entry => entry.Kind == "plugin"));

        // What the plugin-wide steps need of each tool manifest: its key and its declaration's entry.
        var toolIndex = index.Select(static (index, _) => index.Tools);

        var toolKeys = toolIndex
            .Select(static (entries, _) => ToolKey.AssignedInPathOrder(entries.Select(entry => entry.Key)))
            .WithTrackingName(TrackingNames.ToolKeys);

        var manifestPaths = index.Select(static (index, _) => index.ManifestPaths);

        var toolClasses = context.SyntaxProvider
            .ForAttributeWithMetadataName(DifyToolAttribute, static (node, _) => node is ClassDeclarationSyntax, ToolClassReader.ReadTool)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(TrackingNames.ToolClasses);

        var providerClasses = context.SyntaxProvider
            .ForAttributeWithMetadataName(DifyToolProviderAttribute, static (node, _) => node is ClassDeclarationSyntax, ToolClassReader.ReadProvider)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .Collect();

        var userTypes = context.SyntaxProvider
            .CreateSyntaxProvider(RecordConflicts.MayClash, RecordConflicts.Read)
            .Collect()
            .Select(static (types, _) => types.ToEquatableArray());

        var recordConflicts = userTypes
            .Combine(toolKeys)
            .Combine(options)
            .Select(static (input, _) => RecordConflicts.Find(input.Left.Left, input.Left.Right, input.Right.Namespace))
            .WithTrackingName(TrackingNames.RecordConflicts);

        var someToolManifestUnreadable = toolIndex.Select(static (entries, _) => entries.Any(entry => entry.Key is null));

        // The plan, with what each tool manifest's outputs need of the plugin (all but HasPlugin): one step, so that the
        // steps downstream combine one value instead of five.
        var wiring = toolClasses.Collect()
            .Combine(providerClasses)
            .Combine(toolKeys)
            .Combine(recordConflicts)
            .Combine(someToolManifestUnreadable)
            .Combine(options)
            .Select(static (input, _) =>
            {
                var (((((classes, providers), names), conflicts), unreadable), generatorOptions) = input;
                var plan = ToolClassWiring.Plan(classes, providers, names, conflicts, unreadable, generatorOptions.Namespace);
                return new PluginWiring(plan, new ToolOutputContext(names, conflicts, plan.ImplementedTools, false, generatorOptions.Namespace, generatorOptions.ReportsDiagnostics));
            })
            .WithTrackingName(TrackingNames.Wiring);

        var declarationEntries = toolIndex
            .Combine(supportingEntries)
            .Select(static (pair, _) => pair.Left.Select(entry => entry.Declaration).Where(entry => entry is not null).Select(entry => entry!).Concat(pair.Right).ToEquatableArray())
            .WithTrackingName(TrackingNames.Declarations);

        // Everything one manifest's outputs depend on besides the manifest: one value, so each manifest is one
        // per-item node (per-item nodes cost every run, a C# keystroke included).
        var outputContext = wiring
            .Combine(hasPlugin)
            .Select(static (input, _) => input.Left.ToolContext with { HasPlugin = input.Right });

        // Diagnostics with a place in a file are the analyzer's (GeneratorDiagnosticsAnalyzer, live in every editor); the
        // outputs report them only when the build runs no analyzers (DiagnosticReporting, GeneratorOptions.ReportsDiagnostics).
        // A tool manifest's diagnostics, record and declaration; a provider's or the plugin's declaration and OAuth records;
        // each declaration in a file of the manifest's own, which the registry names, so that a manifest edit rewrites
        // that manifest's files only.
        context.RegisterSourceOutput(manifests.Combine(outputContext), static (context, input) =>
        {
            switch (input.Left)
            {
                case { Tool: { } tool }:
                    ManifestOutputs.EmitTool(context, tool, input.Right);
                    break;
                case { Supporting: { } supporting }:
                    ManifestOutputs.EmitSupporting(context, supporting, input.Right);
                    break;
            }
        });

        context.RegisterSourceOutput(declarationEntries.Combine(wiring), static (context, input) =>
        {
            var (all, wired) = input;
            var plugin = all.FirstOrDefault(declaration => declaration.Kind == "plugin");
            if (plugin is not null)
            {
                context.AddSource("DifyPlugin.Registration.g.cs", RegistryEmitter.Emit(plugin, all, wired.Plan, wired.ToolContext.Keys, wired.ToolContext.Namespace));
            }
        });

        context.RegisterSourceOutput(supportingManifests.Combine(manifestPaths).Combine(options), static (context, input) =>
        {
            var ((manifests, paths), generatorOptions) = input;
            if (generatorOptions.NamespaceDiagnostic is { } namespaceDiagnostic)
            {
                context.ReportDiagnostic(namespaceDiagnostic.ToDiagnostic());
            }

            DiagnosticReporting.Report(context, ManifestReferences.Check(manifests, paths), generatorOptions.ReportsDiagnostics);
        });

        var oauthDiagnostics = supportingManifests
            .Combine(providerClasses)
            .Select(static (input, _) => OAuthWiring.Check(input.Left.Select(manifest => manifest.OAuth).ToImmutableArray(), input.Right));
        context.RegisterSourceOutput(oauthDiagnostics.Combine(options), static (context, input) => DiagnosticReporting.Report(context, input.Left, input.Right.ReportsDiagnostics));

        context.RegisterSourceOutput(wiring, static (context, wired) =>
        {
            var plan = wired.Plan;
            DiagnosticReporting.Report(context, plan.Diagnostics, wired.ToolContext.ReportsDiagnostics);

            if (plan.Tools.Count > 0)
            {
                context.AddSource(ToolClassEmitter.HintName, ToolClassEmitter.Emit(plan.Tools));
            }
        });
    }
}
