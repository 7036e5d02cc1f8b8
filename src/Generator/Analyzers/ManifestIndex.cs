using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Dify.Plugin.Generator.Helpers;
using Dify.Plugin.Generator.Emit;
using Dify.Plugin.Generator.Model;
using Dify.Plugin.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Dify.Plugin.Generator.Analyzers;

/// <summary>The manifests of a compilation, as the analyzers need them: tools by name, and the model permissions.</summary>
internal sealed class ManifestIndex
{
    private ManifestIndex(IReadOnlyDictionary<string, ToolSpec> tools, ModelPermissions? permissions, string? pluginManifestPath)
    {
        Tools = tools;
        Permissions = permissions;
        PluginManifestPath = pluginManifestPath;
    }

    public IReadOnlyDictionary<string, ToolSpec> Tools { get; }

    /// <summary>The permissions of manifest.yaml, or null when the project has no manifest.yaml.</summary>
    public ModelPermissions? Permissions { get; }

    public string? PluginManifestPath { get; }

    /// <summary>
    /// Reads the compilation's manifests, each parsed only when its text changed since the last compilation that read it:
    /// in an IDE every keystroke makes a compilation, and a C# keystroke must parse no YAML.
    /// </summary>
    public static ManifestIndex Create(ImmutableArray<AdditionalText> files, AnalyzerConfigOptionsProvider options, CancellationToken cancellationToken)
    {
        var tools = new Dictionary<string, ToolSpec>(StringComparer.Ordinal);
        ModelPermissions? permissions = null;
        string? pluginPath = null;
        var @namespace = GeneratorOptions.Read(options.GlobalOptions).Namespace;
        foreach (var file in files.OrderBy(file => file.Path, StringComparer.Ordinal))
        {
            var manifest = ManifestFile.Classify(file, options, @namespace, cancellationToken);
            switch (manifest?.Kind)
            {
                case ManifestKind.Tool:
                    if (ParsedManifests.Tool(manifest).Value is { } tool
                        && !tools.ContainsKey(tool.Name))
                    {
                        tools.Add(tool.Name, tool);
                    }

                    break;
                case ManifestKind.Plugin:
                    permissions = ParsedManifests.Supporting(manifest).Permissions ?? ModelPermissions.None;
                    pluginPath = manifest.FilePath;
                    break;
            }
        }

        return new ManifestIndex(tools, permissions, pluginPath);
    }

    /// <summary>The tool a class implements: its [DifyTool] name, or the tool whose name matches the class name.</summary>
    public ToolSpec? ToolOf(INamedTypeSymbol? type)
    {
        for (; type is not null; type = type.ContainingType)
        {
            var attribute = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == KnownNames.DifyToolAttribute);
            if (attribute?.ConstructorArguments.FirstOrDefault().Value is string name)
            {
                return Tools.TryGetValue(name, out var declared) ? declared : null;
            }

            var byClassName = Tools.Values.FirstOrDefault(tool => tool.ClassName == type.Name || Identifiers.ToPascalCase(tool.Name) == type.Name);
            if (byClassName is not null)
            {
                return byClassName;
            }
        }

        return null;
    }
}

/// <summary>
/// What the analyzers parsed, by file path, text and what was read from it: reused while the text is the same. The
/// analyzers cannot share the generator's pipeline state, so this is their equivalent of its cached parse step.
/// </summary>
internal static class ParsedManifests
{
    private static readonly ConcurrentDictionary<(string FilePath, Type Result), (string Text, ManifestKind Kind, string Namespace, object? Parsed)> Cache = new();
    private static readonly ConcurrentDictionary<string, int> ParseCounts = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, int> WriteCounts = new(StringComparer.Ordinal);

    /// <summary>How often a file was parsed, for tests of the cache.</summary>
    public static int ParseCount(string filePath) => ParseCounts.TryGetValue(filePath, out var count) ? count : 0;

    /// <summary>How often a tool manifest's file was written, for tests of the cache.</summary>
    public static int WriteCount(string filePath) => WriteCounts.TryGetValue(filePath, out var count) ? count : 0;

    /// <summary>A tool manifest as the generator parses it: the same result serves every analyzer of a run.</summary>
    public static ParseResult<ToolSpec> Tool(ManifestFile manifest) =>
        Get(manifest, ParseCounts, static m => ToolManifestParser.Parse(m.FilePath, m.ManifestPath, m.Text, CancellationToken.None));

    /// <summary>
    /// A tool manifest's file as the generator writes it, for the diagnostics that depend on it (its size): written again
    /// only when the text or the namespace changed, so that a C# keystroke writes none.
    /// </summary>
    public static ToolManifestOutput ToolOutput(ManifestFile manifest) =>
        Get(manifest, WriteCounts, static m => ManifestOutputs.Write(Tool(m), m.Namespace));

    /// <summary>A provider manifest or manifest.yaml as the generator parses it.</summary>
    public static SupportingManifestSpec Supporting(ManifestFile manifest) =>
        Get(manifest, ParseCounts, static m => m.Kind == ManifestKind.Plugin
            ? SupportingManifestParser.ParsePlugin(m.FilePath, m.ManifestPath, m.Text, CancellationToken.None)
            : SupportingManifestParser.ParseProvider(m.FilePath, m.ManifestPath, m.Text, CancellationToken.None));

    /// <summary>What <paramref name="parse"/> reads from the manifest, parsed again only when its text changed.</summary>
    public static T Get<T>(ManifestFile manifest, Func<ManifestFile, T> parse) => Get(manifest, ParseCounts, parse);

    /// <summary>What <paramref name="read"/> makes of the manifest, made again only when its text (or namespace) changed.</summary>
    private static T Get<T>(ManifestFile manifest, ConcurrentDictionary<string, int> counts, Func<ManifestFile, T> read)
    {
        var key = (manifest.FilePath, typeof(T));
        if (Cache.TryGetValue(key, out var cached) && cached.Kind == manifest.Kind
            && string.Equals(cached.Namespace, manifest.Namespace, StringComparison.Ordinal)
            && string.Equals(cached.Text, manifest.Text, StringComparison.Ordinal))
        {
            return (T)cached.Parsed!;
        }

        var result = read(manifest);
        counts.AddOrUpdate(manifest.FilePath, 1, static (_, count) => count + 1);
        Cache[key] = (manifest.Text, manifest.Kind, manifest.Namespace, result);
        return result;
    }
}

internal static class KnownNames
{
    public const string DifyToolAttribute = "Dify.Plugin.DifyToolAttribute";
    public const string DifyToolProviderAttribute = "Dify.Plugin.DifyToolProviderAttribute";
    public const string DifyParameterAttribute = "Dify.Plugin.DifyParameterAttribute";
    public const string Tool = "Dify.Plugin.Tool";
    public const string ToolParameters = "Dify.Plugin.ToolParameters";
    public const string ToolDescriptor = "Dify.Plugin.ToolDescriptor";
    public const string ToolCredentials = "Dify.Plugin.ToolCredentials";
    public const string BaseModelConfig = "Dify.Plugin.BaseModelConfig";
    public const string LlmInvocation = "Dify.Plugin.LlmInvocation";
    public const string LlmStructuredOutputInvocation = "Dify.Plugin.LlmStructuredOutputInvocation";

    /// <summary>Model endpoints, with the manifest flag and the word in Dify's permission error.</summary>
    public static readonly IReadOnlyDictionary<string, (string Flag, string Word)> Endpoints = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["Dify.Plugin.LlmInvocation"] = ("llm", "llm"),
        ["Dify.Plugin.LlmStructuredOutputInvocation"] = ("llm", "llm"),
        ["Dify.Plugin.SummaryInvocation"] = ("llm", "llm"),
        ["Dify.Plugin.TextEmbeddingInvocation"] = ("text_embedding", "text-embedding"),
        ["Dify.Plugin.RerankInvocation"] = ("rerank", "rerank"),
        ["Dify.Plugin.TtsInvocation"] = ("tts", "tts"),
        ["Dify.Plugin.Speech2TextInvocation"] = ("speech2text", "speech2text"),
        ["Dify.Plugin.ModerationInvocation"] = ("moderation", "moderation"),
    };

    /// <summary>Content parts and the scope feature a model needs for them.</summary>
    public static readonly IReadOnlyDictionary<string, (string Feature, string Kind)> ContentFeatures = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["Dify.Plugin.ImagePromptMessageContent"] = ("vision", "Image"),
        ["Dify.Plugin.AudioPromptMessageContent"] = ("audio", "Audio"),
        ["Dify.Plugin.VideoPromptMessageContent"] = ("video", "Video"),
        ["Dify.Plugin.DocumentPromptMessageContent"] = ("document", "Document"),
    };
}
