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
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
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
            .Select(static (result, _) => result.Value is { } tool ? new ToolName(tool.Name, tool.RecordName, tool.ClassName, tool.ManifestPath, tool.FilePath, tool.NameLocation) : null)
            .Where(static name => name is not null)
            .Select(static (name, _) => name!)
            .Collect()
            .Select(static (names, _) => names.OrderBy(name => name.FilePath, StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.ToolNames);

        var manifestPaths = files.Select(static (file, _) => file.ManifestPath).Collect();

        var classes = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                DifyToolAttribute,
                static (node, _) => node is ClassDeclarationSyntax,
                static (syntax, cancellationToken) => ToolClassReader.Read(syntax, cancellationToken))
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(TrackingNames.ToolClasses);

        var declarations = files
            .Select(static (file, _) => DeclarationReader.Read(file.Kind switch { ManifestKind.Plugin => "plugin", ManifestKind.Provider => "provider", _ => "tool" }, file.ManifestPath, file.Text))
            .Where(static declaration => declaration is not null)
            .Select(static (declaration, _) => declaration!)
            .WithTrackingName(TrackingNames.Declarations)
            .Collect();

        var providerClasses = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                DifyToolProviderAttribute,
                static (node, _) => node is ClassDeclarationSyntax,
                static (syntax, cancellationToken) => syntax.TargetSymbol is INamedTypeSymbol type && syntax.Attributes.FirstOrDefault()?.ConstructorArguments.FirstOrDefault().Value is string name
                    ? new ProviderClassSpec(name, type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), LocationInfo.From(syntax.TargetNode.GetLocation()))
                    : null)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .Collect();

        context.RegisterSourceOutput(declarations.Combine(classes.Collect()).Combine(providerClasses).Combine(toolNames).Combine(options), static (context, input) =>
        {
            var ((((all, toolClasses), providers), names), generatorOptions) = input;
            var plugin = all.FirstOrDefault(declaration => declaration.Kind == "plugin");
            if (plugin is not null)
            {
                context.AddSource("DifyPlugin.Registration.g.cs", RegistryEmitter.Emit(plugin, all, toolClasses, providers, names, generatorOptions.Namespace));
            }
        });

        context.RegisterSourceOutput(tools.Combine(toolNames).Combine(options), static (context, input) =>
        {
            var ((result, names), generatorOptions) = input;
            foreach (var diagnostic in result.Diagnostics)
            {
                context.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            if (result.Value is not { } tool)
            {
                return;
            }

            var first = FirstDeclaration(names, tool.Name, tool.RecordName);
            if (first.FilePath != tool.FilePath)
            {
                context.ReportDiagnostic(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateToolName, tool.NameLocation, tool.Name, first.ManifestPath).ToDiagnostic());
                return;
            }

            context.AddSource(HintName(tool.ManifestPath, tool.RecordName), ParametersEmitter.Emit(tool, generatorOptions.Namespace));
        });

        context.RegisterSourceOutput(supporting.Collect().Combine(manifestPaths).Combine(options), static (context, input) =>
        {
            var ((manifests, paths), generatorOptions) = input;
            if (generatorOptions.NamespaceDiagnostic is { } namespaceDiagnostic)
            {
                context.ReportDiagnostic(namespaceDiagnostic.ToDiagnostic());
            }

            var known = new HashSet<string>(paths, StringComparer.OrdinalIgnoreCase);
            foreach (var manifest in manifests)
            {
                foreach (var diagnostic in manifest.Diagnostics)
                {
                    context.ReportDiagnostic(diagnostic.ToDiagnostic());
                }

                foreach (var reference in manifest.References)
                {
                    var target = ManifestFile.Normalize(reference.Target).TrimStart('.', '/');
                    if (!known.Contains(target) && !known.Any(path => path.EndsWith("/" + target, StringComparison.OrdinalIgnoreCase)))
                    {
                        context.ReportDiagnostic(DiagnosticInfo.Create(DiagnosticDescriptors.MissingReferencedFile, reference.Location, reference.Key, reference.Target).ToDiagnostic());
                    }
                }
            }
        });

        context.RegisterSourceOutput(classes.Collect().Combine(toolNames).Combine(options), static (context, input) =>
        {
            var ((toolClasses, names), generatorOptions) = input;
            var implemented = new Dictionary<string, ToolClassSpec>(StringComparer.Ordinal);
            foreach (var toolClass in toolClasses)
            {
                var tool = names.FirstOrDefault(name => name.Name == toolClass.ToolName);
                if (tool is null)
                {
                    var suggestion = StringSimilarity.Closest(toolClass.ToolName, names.Select(name => name.Name));
                    Report(context, DiagnosticDescriptors.UnknownTool, toolClass.Location, toolClass.ToolName, suggestion is null ? "" : $"; did you mean '{suggestion}'?");
                    continue;
                }

                if (implemented.TryGetValue(tool.Name, out var other))
                {
                    Report(context, DiagnosticDescriptors.DuplicateToolClass, toolClass.Location, tool.Name, other.ClassName);
                    continue;
                }

                implemented.Add(tool.Name, toolClass);
                var recordType = $"global::{generatorOptions.Namespace}.{tool.RecordName}";
                if (!toolClass.IsPartial)
                {
                    Report(context, DiagnosticDescriptors.ToolClassNotPartial, toolClass.Location, toolClass.ClassName);
                }
                else if (toolClass.ForeignBaseType is { } baseType)
                {
                    Report(context, DiagnosticDescriptors.ToolClassHasBaseClass, toolClass.Location, toolClass.ClassName, baseType);
                }
                else if (!toolClass.HasInvokeMethod)
                {
                    Report(context, DiagnosticDescriptors.ToolClassWithoutInvoke, toolClass.Location, toolClass.ClassName, tool.RecordName, tool.Name);
                }
                else
                {
                    var hint = string.Join(".", new[] { toolClass.Namespace ?? "" }.Concat(toolClass.ContainingTypes.Select(type => type.Split(' ').Last())).Append(toolClass.ClassName).Where(part => part.Length > 0));
                    context.AddSource(SafeHint(hint) + ".DifyTool.g.cs", ToolClassEmitter.Emit(toolClass, recordType, tool.ManifestPath));
                }
            }

            foreach (var name in names)
            {
                if (!implemented.ContainsKey(name.Name) && FirstDeclaration(names, name.Name, name.RecordName).FilePath == name.FilePath)
                {
                    Report(context, DiagnosticDescriptors.ToolWithoutClass, name.NameLocation, name.Name, name.ClassName, name.RecordName);
                }
            }
        });
    }

    /// <summary>The manifest (in path order) that owns a tool name or record name; later ones are duplicates (DIFY1040).</summary>
    private static ToolName FirstDeclaration(EquatableArray<ToolName> names, string name, string recordName) =>
        names.First(candidate => candidate.Name == name || candidate.RecordName == recordName);

    private static void Report(SourceProductionContext context, DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        context.ReportDiagnostic(DiagnosticInfo.Create(descriptor, location, arguments).ToDiagnostic());

    private static string HintName(string manifestPath, string recordName) => $"{SafeHint(recordName)}.{SafeHint(manifestPath)}.g.cs";

    /// <summary>Hint names become file names; keep them to ASCII letters, digits, dots and underscores.</summary>
    private static string SafeHint(string text) =>
        new string(text.Select(character => character < 128 && (char.IsLetterOrDigit(character) || character == '.') ? character : '_').ToArray());

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

/// <summary>A tool's name and generated type names, for cross-file checks.</summary>
internal sealed record ToolName(string Name, string RecordName, string ClassName, string ManifestPath, string FilePath, LocationInfo? NameLocation);

internal enum ManifestKind
{
    Tool,
    Provider,
    Plugin,
}

/// <summary>An AdditionalFile that is a Dify manifest, with its text.</summary>
internal sealed record ManifestFile(ManifestKind Kind, string FilePath, string ManifestPath, string Text)
{
    public static ManifestFile? Classify(AdditionalText file, AnalyzerConfigOptionsProvider options, CancellationToken cancellationToken)
    {
        var path = Normalize(file.Path);
        if (!path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var fileOptions = options.GetOptions(file);
        fileOptions.TryGetValue("build_metadata.AdditionalFiles.DifyManifestKind", out var declaredKind);
        options.GlobalOptions.TryGetValue("build_property.ProjectDir", out var projectDirectory);
        var relative = Relative(path, projectDirectory);
        ManifestKind? kind = declaredKind?.Trim().ToLowerInvariant() switch
        {
            "tool" => ManifestKind.Tool,
            "provider" => ManifestKind.Provider,
            "plugin" or "manifest" => ManifestKind.Plugin,
            "none" => null,
            _ => Infer(relative),
        };
        if (kind is null)
        {
            return null;
        }

        var text = file.GetText(cancellationToken)?.ToString();
        return text is null ? null : new ManifestFile(kind.Value, file.Path, relative, text);
    }

    public static string Normalize(string path) => path.Replace('\\', '/');

    private static ManifestKind? Infer(string relative)
    {
        var name = relative.Substring(relative.LastIndexOf('/') + 1);
        if (string.Equals(name, "manifest.yaml", StringComparison.OrdinalIgnoreCase))
        {
            return ManifestKind.Plugin;
        }

        if (relative.StartsWith("provider/", StringComparison.OrdinalIgnoreCase) || relative.Contains("/provider/"))
        {
            return ManifestKind.Provider;
        }

        if (relative.StartsWith("tools/", StringComparison.OrdinalIgnoreCase) || relative.Contains("/tools/"))
        {
            return ManifestKind.Tool;
        }

        return null;
    }

    private static string Relative(string path, string? projectDirectory)
    {
        if (!string.IsNullOrWhiteSpace(projectDirectory))
        {
            var root = Normalize(projectDirectory!).TrimEnd('/') + "/";
            if (path.StartsWith(root, StringComparison.OrdinalIgnoreCase))
            {
                return path.Substring(root.Length);
            }
        }

        return path;
    }
}

/// <summary>Reads a [DifyTool] class into plain data.</summary>
internal static class ToolClassReader
{
    public static ToolClassSpec? Read(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type)
        {
            return null;
        }

        var attribute = context.Attributes.FirstOrDefault();
        if (attribute is null || attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string toolName)
        {
            return null;
        }

        var location = LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? context.TargetNode.GetLocation());
        var isPartial = type.DeclaringSyntaxReferences.All(reference =>
            reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword));
        var containing = new List<string>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            var keyword = outer.IsRecord ? (outer.IsValueType ? "record struct" : "record") : outer.TypeKind == TypeKind.Struct ? "struct" : outer.TypeKind == TypeKind.Interface ? "interface" : "class";
            containing.Insert(0, $"partial {keyword} {outer.Name}{TypeParameters(outer)}");
        }

        var expectedRecord = Identifiers.ToPascalCase(toolName) + "Parameters";
        var hasInvoke = type.GetMembers("InvokeAsync").OfType<IMethodSymbol>().Any(method =>
            method.Parameters.Length == 2
            && method.Parameters[0].Type.Name == expectedRecord
            && method.Parameters[1].Type.Name == "CancellationToken"
            && method.ReturnType.Name == "IAsyncEnumerable");
        var baseType = type.BaseType;
        var foreignBase = baseType is null || baseType.SpecialType == SpecialType.System_Object || baseType.ToDisplayString() == "Dify.Plugin.Tool"
            ? null
            : baseType.ToDisplayString();
        return new ToolClassSpec(
            toolName,
            type.Name + TypeParameters(type),
            type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(),
            containing.ToEquatableArray(),
            isPartial,
            type.IsStatic,
            hasInvoke,
            type.IsStatic ? "static class" : foreignBase,
            location);
    }

    private static string TypeParameters(INamedTypeSymbol type) =>
        type.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", type.TypeParameters.Select(parameter => parameter.Name)) + ">";
}
