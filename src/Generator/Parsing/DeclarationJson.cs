using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Dify.Plugin.Generator.Parsing;

/// <summary>
/// Converts a manifest to the JSON the daemon validates on the remote-debug path. YAML's own typing is not trusted
/// (an unquoted <c>3.12</c> or <c>no</c> would become a number or a boolean where the daemon wants text): scalars are
/// strings, except under keys the schema types as numbers or booleans, and inside <c>default</c>,
/// <c>output_schema</c> and <c>input_schema</c>, which keep YAML's typing. An empty <c>scope</c> is left out, since the
/// daemon rejects it, and integers are written as integers.
/// </summary>
internal static class DeclarationJson
{
    private static readonly HashSet<string> BooleanKeys = new()
    {
        "required", "multiple", "enabled", "llm", "text_embedding", "rerank", "tts", "speech2text", "moderation",
        "has_runtime_parameters", "verified", "dynamic_select_lazy_load", "end",
    };

    private static readonly HashSet<string> NumberKeys = new() { "min", "max", "precision", "memory", "size" };

    private static readonly HashSet<string> NativeSubtrees = new() { "default", "output_schema", "input_schema" };

    /// <summary>The node as JSON, leaving out the keys in <paramref name="skipTopLevelKeys"/>; null when it is too large.</summary>
    public static string? Convert(YamlMapping root, params string[] skipTopLevelKeys)
    {
        var builder = new StringBuilder();
        var budget = 200_000;
        return WriteMapping(builder, root, skipTopLevelKeys, ref budget, 0) ? builder.ToString() : null;
    }

    private static bool Write(StringBuilder builder, YamlNode node, string? key, ref int budget, int depth)
    {
        if (--budget < 0 || depth > YamlTreeReader.MaxDepth)
        {
            return false;
        }

        if (key is not null && NativeSubtrees.Contains(key))
        {
            var json = YamlJson.ToJson(node);
            if (json is null)
            {
                return false;
            }

            builder.Append(json);
            return true;
        }

        switch (node)
        {
            case YamlMapping mapping:
                return WriteMapping(builder, mapping, null, ref budget, depth + 1);
            case YamlSequence sequence:
                builder.Append('[');
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    if (!Write(builder, sequence.Items[i], null, ref budget, depth + 1))
                    {
                        return false;
                    }
                }

                builder.Append(']');
                return true;
            case YamlScalar scalar:
                builder.Append(Scalar(scalar, key));
                return true;
            default:
                return false;
        }
    }

    private static bool WriteMapping(StringBuilder builder, YamlMapping mapping, string[]? skip, ref int budget, int depth)
    {
        builder.Append('{');
        var first = true;
        var seen = new HashSet<string>();
        // The last of duplicated keys wins, as in PyYAML.
        foreach (var entry in mapping.Entries.Where(entry => ReferenceEquals(mapping.LastKey(entry.Key.Value), entry.Key)))
        {
            var key = entry.Key.Value;
            if ((skip is not null && skip.Contains(key)) || !seen.Add(key) || (key == "scope" && entry.Value is YamlScalar { Value: "" }))
            {
                continue;
            }

            if (!first)
            {
                builder.Append(',');
            }

            first = false;
            builder.Append(JsonText.String(key)).Append(':');
            if (!Write(builder, entry.Value, key, ref budget, depth))
            {
                return false;
            }
        }

        builder.Append('}');
        return true;
    }

    private static string Scalar(YamlScalar scalar, string? key)
    {
        if (scalar.IsNull)
        {
            return "null";
        }

        if (key is not null && BooleanKeys.Contains(key) && (scalar.BooleanValue ?? QuotedBoolean(scalar.Value)) is { } flag)
        {
            return flag ? "true" : "false";
        }

        if (key is not null && NumberKeys.Contains(key) && scalar.NumberValue is { } number)
        {
            return number == System.Math.Floor(number) && System.Math.Abs(number) < 1e15
                ? ((long)number).ToString(CultureInfo.InvariantCulture)
                : number.ToString("R", CultureInfo.InvariantCulture);
        }

        return JsonText.String(scalar.Value);
    }

    private static bool? QuotedBoolean(string value) => value.Trim().ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => null,
    };
}
