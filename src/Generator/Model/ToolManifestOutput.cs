using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Dify.Plugin.Generator.Diagnostics;
using Dify.Plugin.Generator.Emit;
using Dify.Plugin.Generator.Helpers;
using Dify.Plugin.Generator.Parsing;

namespace Dify.Plugin.Generator.Model;

/// <summary>
/// What the generator keeps of one tool manifest from one run to the next: the file written from its model in the same
/// step that parsed it, and what the plugin-wide steps and the diagnostics need; not the model.
/// </summary>
/// <remarks>
/// A step's output stays alive until the next run, and every garbage collection of a run copies what is alive. Over
/// the corpus the models were about 50,000 small objects (parameters, labels, options, the declaration JSON), and
/// copying them made a cold run cost 80 ms instead of 55; the generated text, which the compiler keeps anyway, is one
/// string per manifest. The text depends on the manifest and the namespace only, the inputs of that step; what depends
/// on other files (whether the project is a plugin, a duplicate name, a missing class) is decided when the file is
/// added, from <see cref="Key"/> and the text's parts, without the model.
/// </remarks>
/// <param name="Key">The tool's names; null when no model could be built.</param>
/// <param name="NameLocation">Where <c>identity.name</c> is, for the diagnostics about the tool as a whole.</param>
/// <param name="Diagnostics">The parser's diagnostics.</param>
/// <param name="Record">The record's file, with the declaration beside it; null without a model.</param>
/// <param name="DeclarationFile">The declaration's own file, for a manifest read without a model to write a record from.</param>
/// <param name="Declaration">What the registry needs of the declaration; null when the YAML could not be read.</param>
internal sealed record ToolManifestOutput(
    ToolKey? Key,
    LocationInfo? NameLocation,
    EquatableArray<DiagnosticInfo> Diagnostics,
    GeneratedRecord? Record,
    string? DeclarationFile,
    DeclarationEntry? Declaration)
{
    /// <summary>
    /// What the plugin-wide steps read of this manifest, made once here: from one run to the next an unchanged manifest
    /// hands them the same instance, which compares by reference.
    /// </summary>
    public ToolIndexEntry Index { get; } = new(Key, Declaration);
}

/// <summary>
/// A tool's record file and where its parts are: header and namespace, the record, the declaration (none when
/// <see cref="DeclarationStart"/> is -1), the namespace's end. A project that is no plugin takes the file without the
/// declaration; a record that is not written (a duplicate tool name, a user type with its name) still owes the
/// registry its declaration, which is then written on its own. Both are cut from this text.
/// </summary>
internal sealed record GeneratedRecord(string Text, int PreludeLength, int RecordEnd, int DeclarationStart, int DeclarationEnd)
{
    /// <summary>The file as written to the project: with the declaration in a plugin, without it otherwise.</summary>
    public string For(bool plugin) => plugin || DeclarationStart < 0 ? Text : Text.Substring(0, RecordEnd) + Text.Substring(DeclarationEnd);

    /// <summary>The declaration in a file of its own, as <c>DeclarationEmitter.Emit</c> writes it; null when the record has none.</summary>
    public string? DeclarationOnly() => DeclarationStart < 0 ? null : Text.Substring(0, PreludeLength) + Text.Substring(DeclarationStart);
}

/// <summary>
/// One additional file after the per-file step: a tool manifest's output or a provider's or the plugin's parsed
/// manifest. Files that are no manifest are null in that step.
/// </summary>
internal sealed record ParsedManifest(string ManifestPath, ToolManifestOutput? Tool, SupportingManifestSpec? Supporting)
{
    public static ParsedManifest? Read(ManifestFile? file, CancellationToken cancellationToken) => file?.Kind switch
    {
        ManifestKind.Tool => new ParsedManifest(file.ManifestPath, ManifestOutputs.Write(ToolManifestParser.Parse(file.FilePath, file.ManifestPath, file.Text, cancellationToken), file.Namespace), null),
        ManifestKind.Plugin => new ParsedManifest(file.ManifestPath, null, SupportingManifestParser.ParsePlugin(file.FilePath, file.ManifestPath, file.Text, cancellationToken)),
        ManifestKind.Provider => new ParsedManifest(file.ManifestPath, null, SupportingManifestParser.ParseProvider(file.FilePath, file.ManifestPath, file.Text, cancellationToken)),
        _ => null,
    };
}

/// <summary>
/// What the plugin-wide steps need of all the manifests, gathered in one pass over the collected results: one value to
/// compare after a manifest edit instead of one per kind, and, when the edit changed none of it (a description, a
/// label), nothing downstream runs.
/// </summary>
/// <param name="Supporting">The provider and plugin manifests.</param>
/// <param name="Tools">Each tool manifest's key and declaration entry.</param>
/// <param name="ManifestPaths">Every manifest's path relative to the project.</param>
internal sealed record PluginIndex(EquatableArray<SupportingManifestSpec> Supporting, EquatableArray<ToolIndexEntry> Tools, EquatableArray<string> ManifestPaths)
{
    public static PluginIndex Of(ImmutableArray<ParsedManifest?> manifests)
    {
        var supporting = new List<SupportingManifestSpec>();
        var tools = new List<ToolIndexEntry>(manifests.Length);
        var paths = new List<string>(manifests.Length);
        foreach (var manifest in manifests)
        {
            if (manifest is null)
            {
                continue;
            }

            paths.Add(manifest.ManifestPath);
            if (manifest.Tool is { } tool)
            {
                tools.Add(tool.Index);
            }
            else if (manifest.Supporting is { } spec)
            {
                supporting.Add(spec);
            }
        }

        return new PluginIndex(new(supporting.ToArray()), new(tools.ToArray()), new(paths.ToArray()));
    }
}
