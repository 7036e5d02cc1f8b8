using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Dify.Plugin.Generator.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Dify.Plugin.Generator.Model;

/// <summary>
/// A tool's name and generated type names, for cross-file checks. No location: a manifest edit that only moves lines
/// must not change what every other manifest's output depends on.
/// </summary>
internal sealed record ToolKey(string Name, string RecordName, string ClassName, string ManifestPath, string FilePath)
{
    public static ToolKey Of(ToolSpec tool) => new(tool.Name, tool.RecordName, tool.ClassName, tool.ManifestPath, tool.FilePath);

    /// <summary>
    /// Every readable tool's key in manifest path order, with its record's hint name: one step from the tool index, so
    /// that it is unchanged (and nothing downstream reruns) when an edit leaves every tool's names as they were.
    /// </summary>
    public static EquatableArray<ToolKey> AssignedInPathOrder(IEnumerable<ToolKey?> keys) =>
        HintNames.AssignRecordHints(keys.Where(key => key is not null).Select(key => key!).OrderBy(key => key.FilePath, StringComparer.Ordinal));

    /// <summary>The hint name of the tool's record, unique in the plugin; empty for a duplicate tool.</summary>
    public string RecordHint { get; init; } = "";

    /// <summary>The manifest (in path order) that owns a tool name or record name; later ones are duplicates (DIFY1040).</summary>
    public static ToolKey FirstDeclaration(EquatableArray<ToolKey> keys, string name, string recordName) =>
        keys.First(candidate => candidate.Name == name || candidate.RecordName == recordName);
}

/// <summary>What the plugin-wide steps need of one tool manifest: its key (null when unreadable) and its declaration's entry.</summary>
internal sealed record ToolIndexEntry(ToolKey? Key, DeclarationEntry? Declaration);

internal enum ManifestKind
{
    Tool,
    Provider,
    Plugin,
}

/// <summary>
/// An AdditionalFile that is a Dify manifest, with its text and the namespace of the code generated from it (one input
/// per file, so that the step writing a tool's file combines nothing: per-file steps cost every run).
/// </summary>
internal sealed record ManifestFile(ManifestKind Kind, string FilePath, string ManifestPath, string Text, string Namespace)
{
    /// <param name="file">The additional file.</param>
    /// <param name="options">The project's and the file's options.</param>
    /// <param name="namespace">The namespace of the generated code, read once per run from the project's options.</param>
    /// <param name="cancellationToken">Cancels reading the file.</param>
    public static ManifestFile? Classify(AdditionalText file, AnalyzerConfigOptionsProvider options, string @namespace, CancellationToken cancellationToken)
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
        return text is null ? null : new ManifestFile(kind.Value, file.Path, relative, text, @namespace);
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
