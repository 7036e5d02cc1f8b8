using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Dify.Plugin.Generator.Diagnostics;
using Dify.Plugin.Generator.Helpers;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Dify.Plugin.Generator.Parsing;

internal abstract class YamlNode
{
    protected YamlNode(Mark start, Mark end)
    {
        Start = start;
        End = end;
    }

    public Mark Start { get; }

    public Mark End { get; set; }

    /// <summary>How many nodes this one stands for with every alias inside it expanded (what PyYAML would build).</summary>
    public long ExpandedSize { get; set; } = 1;

    public abstract string KindName { get; }
}

internal sealed class YamlScalar : YamlNode
{
    private static readonly Regex IntegerPattern = new(@"^[-+]?(0|[1-9][0-9_]*|0x[0-9a-fA-F_]+|0o?[0-7_]+)$", RegexOptions.CultureInvariant);
    private static readonly Regex FloatPattern = new(@"^[-+]?([0-9][0-9_]*)?\.?[0-9_]*([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant);

    public YamlScalar(string value, ScalarStyle style, Mark start, Mark end)
        : base(start, end)
    {
        Value = value;
        IsPlain = style is ScalarStyle.Plain or ScalarStyle.Any;
    }

    public string Value { get; }

    public bool IsPlain { get; }

    public override string KindName => IsNull ? "empty" : IsPlain && BooleanValue is not null ? "a boolean" : IsPlain && IsNumber ? "a number" : "a string";

    /// <summary>A plain <c>~</c>, <c>null</c> or nothing.</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    /// <summary>The boolean a plain scalar means to PyYAML (which the Python SDK uses): true/false, yes/no, on/off in three casings.</summary>
    public bool? BooleanValue => !IsPlain ? null : Value switch
    {
        "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" => true,
        "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF" => false,
        _ => null,
    };

    /// <summary>Whether a plain scalar is a YAML number.</summary>
    public bool IsNumber => IsPlain && Value.Length > 0 && Value != "." && Value != "-" && Value != "+"
        && (IntegerPattern.IsMatch(Value) || (FloatPattern.IsMatch(Value) && Value.Any(char.IsDigit)));

    /// <summary>The number the scalar holds (plain or quoted, as Dify casts numeric strings).</summary>
    public double? NumberValue
    {
        get
        {
            var text = Value.Replace("_", "").Trim();
            if (text.Length == 0)
            {
                return null;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && !double.IsNaN(number) && !double.IsInfinity(number))
            {
                return number;
            }

            return null;
        }
    }

    /// <summary>The text Python's str() of the value PyYAML reads would give (how the SDK coerces option values).</summary>
    public string PythonText => BooleanValue switch
    {
        true => "True",
        false => "False",
        _ => Value,
    };
}

internal sealed class YamlMapping : YamlNode
{
    private readonly Dictionary<string, YamlScalar> _firstKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KeyValuePair<YamlScalar, YamlNode>> _lastEntries = new(StringComparer.Ordinal);

    public YamlMapping(Mark start, Mark end)
        : base(start, end)
    {
    }

    /// <summary>Every entry in document order, duplicates included.</summary>
    public List<KeyValuePair<YamlScalar, YamlNode>> Entries { get; } = new();

    public override string KindName => "a mapping";

    /// <summary>The value of <paramref name="key"/>; the last one when the key is repeated, as PyYAML reads it.</summary>
    public YamlNode? Get(string key) => _lastEntries.TryGetValue(key, out var entry) ? entry.Value : null;

    /// <summary>The last key node spelled <paramref name="key"/>, if any: the one whose value counts.</summary>
    public YamlScalar? LastKey(string key) => _lastEntries.TryGetValue(key, out var entry) ? entry.Key : null;

    /// <summary>The first key node spelled <paramref name="key"/>, if any.</summary>
    public YamlScalar? FirstKey(string key) => _firstKeys.TryGetValue(key, out var first) ? first : null;

    public void Add(YamlScalar key, YamlNode value)
    {
        var entry = new KeyValuePair<YamlScalar, YamlNode>(key, value);
        Entries.Add(entry);
        _lastEntries[key.Value] = entry;
        if (!_firstKeys.ContainsKey(key.Value))
        {
            _firstKeys.Add(key.Value, key);
        }
    }
}

internal sealed class YamlSequence : YamlNode
{
    public YamlSequence(Mark start, Mark end)
        : base(start, end)
    {
    }

    public List<YamlNode> Items { get; } = new();

    public override string KindName => "a list";
}

/// <summary>A YAML problem and where it is; <paramref name="IsLimit"/> when the text is valid but over a budget.</summary>
internal sealed record YamlError(string Message, Mark Start, Mark End, bool IsLimit = false);

/// <summary>
/// Builds a node tree from YamlDotNet's event parser without recursion, so that no input (however deep) can overflow
/// the stack, and keeps every node's position for diagnostics.
/// </summary>
internal static class YamlTreeReader
{
    public const int MaxDepth = 64;

    public static (YamlNode? Root, YamlError? Error, List<YamlError> Warnings) Read(string text)
    {
        var warnings = new List<YamlError>();
        if (text.Length > ManifestLimits.MaxCharacters)
        {
            return (null, Limit($"it has {text.Length:N0} characters, more than the {ManifestLimits.MaxCharacters:N0} a manifest may have", Mark.Empty, Mark.Empty), warnings);
        }

        var nodes = 0;
        long expanded = 0;
        var openedAt = new Stack<long>();
        var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var stack = new Stack<YamlNode>();
        var pendingKeys = new Stack<YamlScalar?>();
        YamlNode? root = null;
        var documents = 0;
        var lastStart = Mark.Empty;
        var lastEnd = Mark.Empty;
        try
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                lastStart = current.Start;
                lastEnd = current.End;
                switch (current)
                {
                    case DocumentStart:
                        documents++;
                        if (documents > 1)
                        {
                            return (root, new YamlError("a manifest holds one YAML document, but a second one ('---') starts here", current.Start, current.End), warnings);
                        }

                        break;
                    case Scalar or MappingStart or SequenceStart or AnchorAlias when ++nodes > ManifestLimits.MaxNodes:
                        return (root, Limit($"it has more than {ManifestLimits.MaxNodes:N0} keys and values", current.Start, current.End), warnings);
                    case Scalar scalar:
                        expanded++;
                        var scalarNode = new YamlScalar(scalar.Value, scalar.Style, scalar.Start, scalar.End);
                        Remember(scalar.Anchor, scalarNode, anchors);
                        if (!Add(scalarNode))
                        {
                            return (root, new YamlError("a mapping key must be a plain value", scalar.Start, scalar.End), warnings);
                        }

                        break;
                    case AnchorAlias alias:
                        if (!anchors.TryGetValue(alias.Value.Value, out var target))
                        {
                            return (root, new YamlError($"alias '*{alias.Value}' refers to no anchor", alias.Start, alias.End), warnings);
                        }

                        if (stack.Contains(target))
                        {
                            return (root, Limit($"alias '*{alias.Value}' refers to a node that contains it, so it never ends when expanded", alias.Start, alias.End), warnings);
                        }

                        expanded += target.ExpandedSize;
                        if (expanded > ManifestLimits.MaxExpandedNodes)
                        {
                            return (root, Limit($"its aliases expand it to more than {ManifestLimits.MaxExpandedNodes:N0} keys and values", alias.Start, alias.End), warnings);
                        }

                        if (!Add(target))
                        {
                            return (root, new YamlError("a mapping key must be a plain value", alias.Start, alias.End), warnings);
                        }

                        break;
                    case MappingStart mappingStart:
                        if (!Open(new YamlMapping(mappingStart.Start, mappingStart.End), mappingStart.Anchor))
                        {
                            return (root, CollectionError(current), warnings);
                        }

                        break;
                    case SequenceStart sequenceStart:
                        if (!Open(new YamlSequence(sequenceStart.Start, sequenceStart.End), sequenceStart.Anchor))
                        {
                            return (root, CollectionError(current), warnings);
                        }

                        break;
                    case MappingEnd or SequenceEnd:
                        var closed = stack.Pop();
                        pendingKeys.Pop();
                        closed.End = current.End;
                        closed.ExpandedSize = expanded - openedAt.Pop();
                        break;
                }
            }
        }
        catch (YamlException exception)
        {
            return (root, new YamlError(Clean(exception), exception.Start, exception.End), warnings);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or IndexOutOfRangeException or NullReferenceException)
        {
            // YamlDotNet's parser sometimes fails this way instead of with a YamlException (an unclosed flow collection, for one).
            return (root, new YamlError("the YAML cannot be read past this point; look for an unclosed bracket, brace or quote", lastStart, lastEnd), warnings);
        }

        return (root, null, warnings);

        YamlError CollectionError(ParsingEvent current) => stack.Count >= MaxDepth
            ? new YamlError($"nesting deeper than {MaxDepth} levels is not supported", current.Start, current.End)
            : new YamlError("a mapping key must be a plain value", current.Start, current.End);

        bool Open(YamlNode collection, AnchorName anchor)
        {
            if (stack.Count >= MaxDepth)
            {
                return false;
            }

            Remember(anchor, collection, anchors);
            if (!Add(collection))
            {
                return false;
            }

            openedAt.Push(expanded);
            expanded++;
            stack.Push(collection);
            pendingKeys.Push(null);
            return true;
        }

        bool Add(YamlNode node)
        {
            if (stack.Count == 0)
            {
                root ??= node;
                return true;
            }

            switch (stack.Peek())
            {
                case YamlSequence sequence:
                    sequence.Items.Add(node);
                    return true;
                case YamlMapping mapping:
                    var key = pendingKeys.Pop();
                    if (key is null)
                    {
                        if (node is not YamlScalar scalarKey)
                        {
                            pendingKeys.Push(null);
                            return false;
                        }

                        if (mapping.FirstKey(scalarKey.Value) is { } first)
                        {
                            warnings.Add(new YamlError($"key '{Shorten(scalarKey.Value)}' is defined again in this mapping (first at line {first.Start.Line}); the last one wins", scalarKey.Start, scalarKey.End));
                        }

                        pendingKeys.Push(scalarKey);
                    }
                    else
                    {
                        mapping.Add(key, node);
                        pendingKeys.Push(null);
                    }

                    return true;
                default:
                    return false;
            }
        }
    }

    private static YamlError Limit(string message, Mark start, Mark end) => new(message, start, end, IsLimit: true);

    /// <summary>Manifest text quoted in a message, cut short so that a huge key cannot make a huge diagnostic.</summary>
    public static string Shorten(string text) => text.Length <= 80 ? text : text.Substring(0, 77) + "...";

    private static void Remember(AnchorName anchor, YamlNode node, Dictionary<string, YamlNode> anchors)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }
    }

    private static string Clean(YamlException exception)
    {
        // YamlDotNet prefixes "(Line: a, Col: b, Idx: c) - (Line: …): "; the location is reported separately.
        var message = exception.InnerException?.Message ?? exception.Message;
        var marker = message.LastIndexOf("): ", StringComparison.Ordinal);
        return marker >= 0 && message.StartsWith("(", StringComparison.Ordinal) ? message.Substring(marker + 3) : message;
    }
}

/// <summary>Converts YAML nodes to compact JSON with a size budget (aliases can make a small file expand).</summary>
internal static class YamlJson
{
    public static string? ToJson(YamlNode node, int budget = 100_000)
    {
        var builder = new StringBuilder();
        var stack = new Stack<(YamlNode Node, int Index, bool Open)>();
        var remaining = budget;
        stack.Push((node, 0, false));
        while (stack.Count > 0)
        {
            if (--remaining < 0 || builder.Length > budget * 10)
            {
                return null;
            }

            var (current, index, open) = stack.Pop();
            switch (current)
            {
                case YamlScalar scalar:
                    builder.Append(ScalarJson(scalar));
                    break;
                case YamlMapping mapping:
                    if (!open)
                    {
                        builder.Append('{');
                    }

                    if (index < mapping.Entries.Count)
                    {
                        if (index > 0)
                        {
                            builder.Append(',');
                        }

                        builder.Append(JsonText.String(mapping.Entries[index].Key.Value)).Append(':');
                        stack.Push((mapping, index + 1, true));
                        stack.Push((mapping.Entries[index].Value, 0, false));
                    }
                    else
                    {
                        builder.Append('}');
                    }

                    break;
                case YamlSequence sequence:
                    if (!open)
                    {
                        builder.Append('[');
                    }

                    if (index < sequence.Items.Count)
                    {
                        if (index > 0)
                        {
                            builder.Append(',');
                        }

                        stack.Push((sequence, index + 1, true));
                        stack.Push((sequence.Items[index], 0, false));
                    }
                    else
                    {
                        builder.Append(']');
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    private static string ScalarJson(YamlScalar scalar)
    {
        if (scalar.IsNull)
        {
            return "null";
        }

        if (scalar.IsPlain && scalar.Value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return scalar.Value.ToLowerInvariant();
        }

        if (scalar.IsNumber && scalar.NumberValue is { } number)
        {
            return number.ToString("R", CultureInfo.InvariantCulture);
        }

        return JsonText.String(scalar.Value);
    }
}

internal static class JsonText
{
    public static string String(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var character in value)
        {
            switch (character)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (character < 0x20)
                    {
                        builder.Append("\\u").Append(((int)character).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(character);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }
}

internal static class MarkExtensions
{
    /// <summary>The span between two YamlDotNet marks (1-based) as a location (0-based).</summary>
    public static LocationInfo ToLocation(this (Mark Start, Mark End) span, string filePath)
    {
        var start = span.Start;
        var end = span.End.Index >= span.Start.Index ? span.End : span.Start;
        return new LocationInfo(
            filePath,
            (int)start.Index,
            (int)(end.Index - start.Index),
            Math.Max(0, (int)start.Line - 1),
            Math.Max(0, (int)start.Column - 1),
            Math.Max(0, (int)end.Line - 1),
            Math.Max(0, (int)end.Column - 1));
    }

    public static LocationInfo Location(this YamlNode node, string filePath) => (node.Start, node.End).ToLocation(filePath);
}
