using System.Text;

namespace Dify.Plugin.Generator.Tests.Infrastructure;

/// <summary>
/// Random YAML documents in the block subset manifests use (nested block mappings and sequences at varied
/// indentation, sequences at their key's indentation, compact mappings in entries, plain scalars over several lines,
/// quoted and block scalars, one-line flow collections, comments and blank lines), for differential fuzzing.
/// </summary>
internal sealed class RandomBlockYaml(Random random)
{
    private static readonly string[] Words = ["a", "name", "en_US", "1", "-2", "0.5", "yes", "~", "null", "x y", "http://h:8/p", "a#b", "it's", "中文", "😀", "<<x", "k-1", "true", "1:20", ".inf"];

    public string Document()
    {
        var builder = new StringBuilder();
        if (random.Next(4) == 0)
        {
            builder.Append("# head\n");
        }

        if (random.Next(5) == 0)
        {
            Sequence(builder, 0, 0);
        }
        else
        {
            Mapping(builder, 0, 0, firstInline: false);
        }

        return random.Next(5) == 0 ? builder.ToString().TrimEnd('\n') : builder.ToString();
    }

    private void Mapping(StringBuilder builder, int indent, int depth, bool firstInline)
    {
        var keys = 1 + random.Next(4);
        for (var i = 0; i < keys; i++)
        {
            if (!(firstInline && i == 0))
            {
                Filler(builder, indent);
                builder.Append(' ', indent);
            }

            builder.Append(Key()).Append(':');
            Value(builder, indent, depth, inMapping: true);
        }
    }

    private void Sequence(StringBuilder builder, int indent, int depth)
    {
        var items = 1 + random.Next(3);
        for (var i = 0; i < items; i++)
        {
            Filler(builder, indent);
            builder.Append(' ', indent).Append('-');
            Value(builder, indent, depth, inMapping: false);
        }
    }

    private void Value(StringBuilder builder, int indent, int depth, bool inMapping)
    {
        var step = 1 + random.Next(4);
        switch (depth > 3 ? random.Next(4) : random.Next(9))
        {
            case 0:
                builder.Append(' ').Append(Plain()).Append(Comment()).Append('\n');
                break;
            case 1:
                builder.Append(' ').Append(Quoted(indent)).Append(Comment()).Append('\n');
                break;
            case 2:
                BlockScalar(builder, indent + step);
                break;
            case 3:
                builder.Append(random.Next(3) == 0 ? " " : string.Empty).Append(Comment()).Append('\n');
                break;
            case 4:
                builder.Append(' ').Append(Flow(depth)).Append(Comment()).Append('\n');
                break;
            case 5 when !inMapping:
                builder.Append(' ');
                Mapping(builder, indent + 2, depth + 1, firstInline: true);
                break;
            case 6:
                builder.Append(Comment()).Append('\n');
                Mapping(builder, indent + step, depth + 1, firstInline: false);
                break;
            case 7:
                builder.Append(Comment()).Append('\n');
                Sequence(builder, inMapping && random.Next(2) == 0 ? indent : indent + step, depth + 1);
                break;
            default:
                // A plain scalar over several lines, continued deeper than the collection.
                builder.Append(' ').Append(Plain()).Append('\n');
                for (var lines = 1 + random.Next(3); lines > 0; lines--)
                {
                    if (random.Next(3) == 0)
                    {
                        builder.Append('\n');
                    }

                    builder.Append(' ', indent + step).Append(Plain()).Append(random.Next(4) == 0 ? "  " : string.Empty).Append('\n');
                }

                break;
        }
    }

    private void BlockScalar(StringBuilder builder, int indent)
    {
        builder.Append(' ').Append(random.Next(2) == 0 ? '|' : '>').Append(random.Next(3) switch { 0 => "-", 1 => "+", _ => string.Empty }).Append(Comment()).Append('\n');
        for (var lines = 1 + random.Next(4); lines > 0; lines--)
        {
            switch (random.Next(5))
            {
                case 0:
                    builder.Append('\n');
                    break;
                case 1:
                    builder.Append(' ', indent + 1 + random.Next(2)).Append(Plain()).Append('\n');
                    break;
                default:
                    builder.Append(' ', indent).Append(Plain()).Append(random.Next(5) == 0 ? " \"q' # not a comment" : string.Empty).Append('\n');
                    break;
            }
        }

        if (random.Next(3) == 0)
        {
            builder.Append('\n');
        }
    }

    private string Flow(int depth)
    {
        var entries = random.Next(4);
        var mapping = random.Next(2) == 0;
        var parts = Enumerable.Range(0, entries).Select(_ =>
        {
            var value = depth < 5 && random.Next(5) == 0 ? Flow(depth + 1) : random.Next(3) == 0 ? Quoted(int.MaxValue) : random.Next(2) == 0 ? "w" : "two words";
            return mapping ? $"{Key()}: {value}" : value;
        });
        var body = string.Join(random.Next(3) == 0 ? " , " : ", ", parts);
        var pad = random.Next(3) == 0 ? " " : string.Empty;
        return mapping ? "{" + pad + body + pad + "}" : "[" + pad + body + pad + "]";
    }

    private string Key() => random.Next(6) switch
    {
        0 => "'q k'",
        1 => "\"d k\"",
        2 => "k" + random.Next(3),
        _ => Words[random.Next(Words.Length)].Replace("#", "", StringComparison.Ordinal) + random.Next(100),
    };

    private string Plain()
    {
        var text = Words[random.Next(Words.Length)];
        return random.Next(3) == 0 ? text + " " + Words[random.Next(Words.Length)] : text;
    }

    private string Quoted(int indent) => random.Next(6) switch
    {
        0 => "'single ''quoted'' # x'",
        1 => "\"double \\\"esc\\\" \\t \\u00e9\"",
        2 when indent < 1000 => "'one\n" + new string(' ', indent + 1) + "two'",
        3 => "\"\"",
        4 => "''",
        _ => "\"plain: [text] {x}\"",
    };

    private string Comment() => random.Next(4) == 0 ? " # note \"x" : string.Empty;

    private void Filler(StringBuilder builder, int indent)
    {
        switch (random.Next(8))
        {
            case 0:
                builder.Append('\n');
                break;
            case 1:
                builder.Append(' ', random.Next(indent + 3)).Append("# comment 'q\n");
                break;
        }
    }
}
