using System.Linq;
using Dify.Plugin.Generator.Declarations;
using Dify.Plugin.Generator.Helpers;
using Dify.Plugin.Generator.Model;

namespace Dify.Plugin.Generator.Parsing;

/// <summary>
/// Turns a parsed manifest into its declaration (the JSON the SDK would send) and what it references; the parsers call
/// it on the tree they read, so no file is read twice (problems are reported by the parsers, not here).
/// </summary>
internal static class DeclarationReader
{
    public static DeclarationSpec? Read(string kind, string manifestPath, YamlMapping mapping)
    {
        try
        {
            switch (kind)
            {
                case "plugin":
                    return new DeclarationSpec(kind, manifestPath, DeclarationWriter.Manifest(mapping), null, null,
                        Texts((mapping.Get("plugins") as YamlMapping)?.Get("tools")), Icons(mapping));
                case "provider":
                    var (beforeTools, afterTools) = DeclarationWriter.Provider(mapping);
                    var identity = mapping.Get("identity") as YamlMapping;
                    return new DeclarationSpec(kind, manifestPath, beforeTools, afterTools, Name(identity),
                        Texts(mapping.Get("tools")), identity is null ? EquatableArray<string>.Empty : Icons(identity));
                default:
                    return new DeclarationSpec(kind, manifestPath, DeclarationWriter.Tool(mapping), null, Name(mapping.Get("identity") as YamlMapping),
                        EquatableArray<string>.Empty, EquatableArray<string>.Empty);
            }
        }
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            // The parsers report what is wrong with the file; without a declaration the registry leaves it out.
            return null;
        }
    }

    private static string? Name(YamlMapping? identity) => (identity?.Get("name") as YamlScalar)?.Value;

    private static EquatableArray<string> Texts(YamlNode? node) =>
        (node as YamlSequence)?.Items.OfType<YamlScalar>().Where(item => !item.IsNull).Select(item => item.Value).ToEquatableArray() ?? EquatableArray<string>.Empty;

    private static EquatableArray<string> Icons(YamlMapping mapping) =>
        new[] { "icon", "icon_dark" }
            .Select(key => mapping.Get(key) as YamlScalar)
            .Where(scalar => scalar is { IsNull: false, Value.Length: > 0 })
            .Select(scalar => scalar!.Value)
            .ToEquatableArray();
}
