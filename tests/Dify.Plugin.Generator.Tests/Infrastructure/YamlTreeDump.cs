using System.Text;
using Dify.Plugin.Generator.Parsing;
using YamlDotNet.Core;

namespace Dify.Plugin.Generator.Tests.Infrastructure;

/// <summary>
/// A YAML reader's whole result as text, one node per line: kind, value, style, both marks and expanded size of every
/// node, mapping entries in order with their keys, then the warnings and the error, so that two readers' results are
/// equal exactly when everything the generator can see of them is.
/// </summary>
internal static class YamlTreeDump
{
    public static string Of((YamlNode? Root, YamlError? Error, List<YamlError> Warnings) result)
    {
        var builder = new StringBuilder();
        if (result.Root is not null)
        {
            Node(builder, result.Root, 0);
        }

        foreach (var warning in result.Warnings)
        {
            builder.Append("warning ").Append(Problem(warning)).Append('\n');
        }

        if (result.Error is not null)
        {
            builder.Append("error ").Append(Problem(result.Error)).Append('\n');
        }

        return builder.ToString();
    }

    private static void Node(StringBuilder builder, YamlNode root, int depth)
    {
        var pending = new Stack<(YamlNode Node, int Depth, string Label)>();
        pending.Push((root, depth, "root"));
        while (pending.Count > 0)
        {
            var (node, level, label) = pending.Pop();
            builder.Append(' ', level * 2).Append(label).Append(' ');
            switch (node)
            {
                case YamlScalar scalar:
                    builder.Append(scalar.IsPlain ? "plain " : "quoted ").Append(Quote(scalar.Value));
                    break;
                case YamlMapping mapping:
                    builder.Append("mapping of ").Append(mapping.Entries.Count);
                    for (var i = mapping.Entries.Count - 1; i >= 0; i--)
                    {
                        pending.Push((mapping.Entries[i].Value, level + 1, "value"));
                        pending.Push((mapping.Entries[i].Key, level + 1, "key"));
                    }

                    break;
                case YamlSequence sequence:
                    builder.Append("sequence of ").Append(sequence.Items.Count);
                    for (var i = sequence.Items.Count - 1; i >= 0; i--)
                    {
                        pending.Push((sequence.Items[i], level + 1, "item"));
                    }

                    break;
            }

            builder.Append(' ').Append(Span(node.Start, node.End)).Append(" size ").Append(node.ExpandedSize).Append('\n');
        }
    }

    private static string Problem(YamlError error) => $"{Quote(error.Message)} {Span(error.Start, error.End)} limit={error.IsLimit}";

    private static string Span(Mark start, Mark end) => $"{start.Index}/{start.Line}:{start.Column}-{end.Index}/{end.Line}:{end.Column}";

    private static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var character in text)
        {
            if (character is < ' ' or '"' or '\\' or > '\u007E')
            {
                builder.Append("\\u").Append(((int)character).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(character);
            }
        }

        return builder.Append('"').ToString();
    }
}
