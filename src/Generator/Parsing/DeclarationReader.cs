using System.Collections.Generic;
using System.Linq;
using Dify.Plugin.Generator.Helpers;
using Dify.Plugin.Generator.Model;

namespace Dify.Plugin.Generator.Parsing;

/// <summary>Reads a manifest into its declaration JSON and references (problems are reported by the parsers, not here).</summary>
internal static class DeclarationReader
{
    public static DeclarationSpec? Read(string kind, string manifestPath, string text)
    {
        try
        {
            var (root, error, _) = YamlTreeReader.Read(text);
            if (error is not null || root is not YamlMapping mapping)
            {
                return null;
            }

            return kind switch
            {
                "plugin" => new DeclarationSpec(kind, manifestPath, DeclarationJson.Convert(mapping), null,
                    Texts((mapping.Get("plugins") as YamlMapping)?.Get("tools")), Icons(mapping), false),
                "provider" => new DeclarationSpec(kind, manifestPath, DeclarationJson.Convert(mapping, "tools"),
                    ((mapping.Get("identity") as YamlMapping)?.Get("name") as YamlScalar)?.Value,
                    Texts(mapping.Get("tools")),
                    mapping.Get("identity") is YamlMapping identity ? Icons(identity) : EquatableArray<string>.Empty,
                    mapping.Get("credentials_for_provider") is YamlMapping or YamlSequence || mapping.Get("credentials_schema") is YamlMapping or YamlSequence),
                _ => new DeclarationSpec(kind, manifestPath, DeclarationJson.Convert(mapping),
                    ((mapping.Get("identity") as YamlMapping)?.Get("name") as YamlScalar)?.Value,
                    EquatableArray<string>.Empty, EquatableArray<string>.Empty, false),
            };
        }
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            // The parsers report what is wrong with the file; without a declaration the registry leaves it out.
            return null;
        }
    }

    private static EquatableArray<string> Texts(YamlNode? node) =>
        (node as YamlSequence)?.Items.OfType<YamlScalar>().Where(item => !item.IsNull).Select(item => item.Value).ToEquatableArray() ?? EquatableArray<string>.Empty;

    private static EquatableArray<string> Icons(YamlMapping mapping) =>
        new[] { "icon", "icon_dark" }
            .Select(key => mapping.Get(key) as YamlScalar)
            .Where(scalar => scalar is { IsNull: false, Value.Length: > 0 })
            .Select(scalar => scalar!.Value)
            .ToEquatableArray();
}
