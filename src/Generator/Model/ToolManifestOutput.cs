using Dify.Plugin.Generator.Diagnostics;
using Dify.Plugin.Generator.Helpers;

namespace Dify.Plugin.Generator.Model;

/// <summary>
/// What the generator keeps of one tool manifest from one run to the next: the file written from its model in the same
/// step that parsed it, and what the plugin-wide steps and the diagnostics need; not the model.
/// </summary>
/// <remarks>
/// A step's output stays alive until the next run, and every garbage collection of a run copies what is alive. Over
/// the corpus the models were about 50,000 small objects (parameters, labels, options, the declaration JSON), and
/// copying them made a cold run cost 80 ms instead of 55; the generated text, which the compiler keeps anyway, is one
/// string per manifest. Everything a file's text depends on is an input of that step (the manifest, the namespace,
/// whether the project is a plugin); what depends on other files (a duplicate name, a missing class) is decided later,
/// from <see cref="Key"/>, without the model.
/// </remarks>
/// <param name="Key">The tool's names; null when no model could be built.</param>
/// <param name="NameLocation">Where <c>identity.name</c> is, for the diagnostics about the tool as a whole.</param>
/// <param name="Diagnostics">The parser's diagnostics.</param>
/// <param name="Record">The record's file, with the declaration beside it when the project is a plugin; null without a model.</param>
/// <param name="DeclarationFile">The declaration's own file, when the project is a plugin but there is no record to carry it.</param>
/// <param name="Declaration">What the registry needs of the declaration; null when the YAML could not be read.</param>
internal sealed record ToolManifestOutput(
    ToolKey? Key,
    LocationInfo? NameLocation,
    EquatableArray<DiagnosticInfo> Diagnostics,
    GeneratedRecord? Record,
    string? DeclarationFile,
    DeclarationEntry? Declaration);

/// <summary>
/// A tool's record file, and where its declaration part starts (-1 when it has none): a record that is not written (a
/// duplicate tool name, a user type with its name) still owes the registry its declaration, which is then written on
/// its own, cut from this text.
/// </summary>
/// <param name="Text">The file: header and namespace (<paramref name="PreludeLength"/> characters), the record, the declaration, the namespace's end.</param>
internal sealed record GeneratedRecord(string Text, int PreludeLength, int DeclarationStart)
{
    /// <summary>The declaration in a file of its own, as <c>DeclarationEmitter.Emit</c> writes it; null when the record has none.</summary>
    public string? DeclarationOnly() => DeclarationStart < 0 ? null : Text.Substring(0, PreludeLength) + Text.Substring(DeclarationStart);
}
