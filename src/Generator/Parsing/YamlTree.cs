using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
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
    // PyYAML's implicit resolvers (YAML 1.1, resolver.py): these decide what the SDK sees as a number.
    private static readonly Regex IntegerPattern = new(@"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$", RegexOptions.CultureInvariant);
    private static readonly Regex FloatPattern = new(@"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", RegexOptions.CultureInvariant);

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
    public bool? BooleanValue => !IsPlain ? null : ManifestVocabulary.PlainBoolean(Value);

    /// <summary>Whether a plain scalar is a number to PyYAML (YAML 1.1: <c>1e5</c> is text, <c>017</c> is 15, <c>1:20</c> is 80).</summary>
    public bool IsNumber => IsPlain && MayBeNumber(Value) && (IntegerPattern.IsMatch(Value) || FloatPattern.IsMatch(Value));

    /// <summary>Whether a plain scalar is an int to PyYAML (a float such as <c>5.0</c> is not).</summary>
    public bool IsInteger => IsPlain && MayBeNumber(Value) && IntegerPattern.IsMatch(Value);

    // Every alternative of both patterns starts with a sign, a digit or a dot; most scalars are words, and skip the regexes.
    private static bool MayBeNumber(string value) => value.Length > 0 && value[0] is (>= '0' and <= '9') or '-' or '+' or '.';

    /// <summary>
    /// The finite number the scalar holds: a plain scalar as PyYAML resolves it, a quoted one as Dify casts numeric
    /// strings (float()); null for anything else.
    /// </summary>
    public double? NumberValue
    {
        get
        {
            var number = IsNumber ? YamlNumbers.Resolve(Value) : YamlNumbers.Cast(Value);
            return number is { } value && !double.IsNaN(value) && !double.IsInfinity(value) ? value : null;
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
    // Most mappings have a handful of keys: below this many, a scan beats building dictionaries for each one.
    private const int IndexFrom = 8;
    private Dictionary<string, YamlScalar>? _firstKeys;
    private Dictionary<string, KeyValuePair<YamlScalar, YamlNode>>? _lastEntries;
    private IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>>? _pairs;
    private bool _hasRepeatedKey;

    public YamlMapping(Mark start, Mark end)
        : base(start, end)
    {
    }

    /// <summary>Every entry in document order, duplicates included.</summary>
    public List<KeyValuePair<YamlScalar, YamlNode>> Entries { get; } = new();

    /// <summary>Whether the mapping is written in block style (one entry per line), not in braces.</summary>
    public bool IsBlock { get; init; }

    public override string KindName => "a mapping";

    /// <summary>The value of <paramref name="key"/>; the last one when the key is repeated, as PyYAML reads it.</summary>
    public YamlNode? Get(string key) => LastEntry(key)?.Value;

    /// <summary>The last key node spelled <paramref name="key"/>, if any: the one whose value counts.</summary>
    public YamlScalar? LastKey(string key) => LastEntry(key)?.Key;

    /// <summary>The first key node spelled <paramref name="key"/>, if any.</summary>
    public YamlScalar? FirstKey(string key)
    {
        if (_firstKeys is not null)
        {
            return _firstKeys.TryGetValue(key, out var first) ? first : null;
        }

        foreach (var entry in Entries)
        {
            if (entry.Key.Value == key)
            {
                return entry.Key;
            }
        }

        return null;
    }

    /// <summary>Each key once, where it first appears, with its last value: the dict PyYAML builds.</summary>
    public IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> Pairs =>
        _pairs ??= !_hasRepeatedKey
            ? Entries
            : Entries.Where(entry => ReferenceEquals(FirstKey(entry.Key.Value), entry.Key)).Select(entry => LastEntry(entry.Key.Value)!.Value).ToList();

    private KeyValuePair<YamlScalar, YamlNode>? LastEntry(string key)
    {
        if (_lastEntries is not null)
        {
            return _lastEntries.TryGetValue(key, out var entry) ? entry : null;
        }

        for (var i = Entries.Count - 1; i >= 0; i--)
        {
            if (Entries[i].Key.Value == key)
            {
                return Entries[i];
            }
        }

        return null;
    }

    /// <summary>Whether a plain <c>&lt;&lt;</c> key is among the entries, to be merged when the mapping closes.</summary>
    public bool HasMergeKey { get; private set; }


    public void Add(YamlScalar key, YamlNode value)
    {
        var entry = new KeyValuePair<YamlScalar, YamlNode>(key, value);
        _pairs = null;
        _hasRepeatedKey |= FirstKey(key.Value) is not null;
        Entries.Add(entry);
        if (_lastEntries is not null)
        {
            _lastEntries[key.Value] = entry;
            if (!_firstKeys!.ContainsKey(key.Value))
            {
                _firstKeys.Add(key.Value, key);
            }
        }
        else if (Entries.Count >= IndexFrom)
        {
            _firstKeys = new Dictionary<string, YamlScalar>(StringComparer.Ordinal);
            _lastEntries = new Dictionary<string, KeyValuePair<YamlScalar, YamlNode>>(StringComparer.Ordinal);
            foreach (var existing in Entries)
            {
                _lastEntries[existing.Key.Value] = existing;
                if (!_firstKeys.ContainsKey(existing.Key.Value))
                {
                    _firstKeys.Add(existing.Key.Value, existing.Key);
                }
            }
        }

        HasMergeKey |= key.IsPlain && key.Value == "<<";
    }

    /// <summary>
    /// Resolves <c>&lt;&lt;: *anchor</c> (or a list of anchors) as PyYAML's <c>flatten_mapping</c> does: the merged
    /// entries come first, earlier sources of a list win over later ones, and keys written here win over merged ones.
    /// Returns the problem when a merge value is not a mapping or a list of mappings.
    /// </summary>
    public string? ApplyMergeKeys()
    {
        var merged = new List<KeyValuePair<YamlScalar, YamlNode>>();
        var own = new List<KeyValuePair<YamlScalar, YamlNode>>();
        foreach (var entry in Entries)
        {
            if (!(entry.Key.IsPlain && entry.Key.Value == "<<"))
            {
                own.Add(entry);
                continue;
            }

            switch (entry.Value)
            {
                case YamlMapping source:
                    merged.AddRange(source.Entries);
                    break;
                case YamlSequence sources when sources.Items.TrueForAll(item => item is YamlMapping):
                    for (var i = sources.Items.Count - 1; i >= 0; i--)
                    {
                        merged.AddRange(((YamlMapping)sources.Items[i]).Entries);
                    }

                    break;
                default:
                    return "a merge key ('<<') takes a mapping or a list of mappings, as PyYAML requires";
            }
        }

        Entries.Clear();
        _lastEntries = null;
        _firstKeys = null;
        _hasRepeatedKey = false;
        HasMergeKey = false;
        foreach (var entry in merged.Concat(own))
        {
            Add(entry.Key, entry.Value);
        }

        return null;
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

/// <summary>How PyYAML turns number text into a value.</summary>
internal static class YamlNumbers
{
    // Python's float() after the sign: digits with an optional point and exponent (no "0x", no second sign).
    private static readonly Regex PythonFloatSyntax = new("^([0-9]+\\.?[0-9]*|\\.[0-9]+)(e[-+]?[0-9]+)?$", RegexOptions.CultureInvariant);

    /// <summary>The value of text that matches PyYAML's int or float resolver.</summary>
    public static double? Resolve(string text)
    {
        var value = text.Replace("_", "");
        var sign = 1.0;
        if (value.StartsWith("-", StringComparison.Ordinal) || value.StartsWith("+", StringComparison.Ordinal))
        {
            sign = value[0] == '-' ? -1 : 1;
            value = value.Substring(1);
        }

        if (value.Contains(":"))
        {
            // Base 60: 1:20 is 80, 1:20.5 is 80.5.
            var total = 0.0;
            foreach (var part in value.Split(':'))
            {
                total = total * 60 + double.Parse(part, NumberStyles.Float, CultureInfo.InvariantCulture);
            }

            return sign * total;
        }

        if (value.StartsWith("0b", StringComparison.Ordinal))
        {
            return sign * InBase(value.Substring(2), 2);
        }

        if (value.StartsWith("0x", StringComparison.Ordinal))
        {
            return sign * InBase(value.Substring(2), 16);
        }

        if (value.Length > 1 && value[0] == '0' && value.All(char.IsDigit))
        {
            return sign * InBase(value, 8);
        }

        return value.ToLowerInvariant() switch
        {
            ".inf" => sign * double.PositiveInfinity,
            ".nan" => double.NaN,
            _ => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? sign * number : null,
        };
    }

    /// <summary>
    /// The integer a YAML 1.1 int scalar holds, as PyYAML's <c>construct_yaml_int</c> computes it: underscores dropped, a
    /// sign, then <c>0b</c> binary, <c>0x</c> hexadecimal, a leading <c>0</c> octal, <c>:</c>-separated base 60, or
    /// decimal; null when the text is none of these.
    /// </summary>
    public static BigInteger? ExactInteger(string yamlText)
    {
        var text = yamlText.Replace("_", "").Trim();
        var negative = text.StartsWith("-", StringComparison.Ordinal);
        if (negative || text.StartsWith("+", StringComparison.Ordinal))
        {
            text = text.Substring(1);
        }

        BigInteger? value = text switch
        {
            "" => null,
            _ when text.StartsWith("0b", StringComparison.Ordinal) => Digits(text.Substring(2), 2),
            _ when text.StartsWith("0x", StringComparison.Ordinal) => Digits(text.Substring(2), 16),
            _ when text.IndexOf(':') >= 0 => Sexagesimal(text),
            _ when text.Length > 1 && text[0] == '0' => Digits(text.Substring(1), 8),
            _ => Digits(text, 10),
        };
        return negative ? -value : value;
    }

    private static BigInteger? Digits(string digits, int radix)
    {
        if (digits.Length == 0)
        {
            return null;
        }

        var value = BigInteger.Zero;
        foreach (var character in digits)
        {
            var digit = character switch
            {
                >= '0' and <= '9' => character - '0',
                >= 'a' and <= 'f' => character - 'a' + 10,
                >= 'A' and <= 'F' => character - 'A' + 10,
                _ => radix,
            };
            if (digit >= radix)
            {
                return null;
            }

            value = (value * radix) + digit;
        }

        return value;
    }

    private static BigInteger? Sexagesimal(string text)
    {
        var value = BigInteger.Zero;
        foreach (var part in text.Split(':'))
        {
            if (Digits(part, 10) is not { } digit)
            {
                return null;
            }

            value = (value * 60) + digit;
        }

        return value;
    }

    /// <summary>
    /// What <c>construct_yaml_float</c> makes of a <c>!!float</c> scalar YAML 1.1 does not read as a float, as text that
    /// YAML 1.1 does: underscores dropped, lower case, then Python's <c>float()</c>; null where that fails.
    /// </summary>
    public static string? TaggedFloatText(string text)
    {
        var value = text.Replace("_", "").ToLowerInvariant().Trim(' ', '\t', '\n', '\r');
        if (value.IndexOf(':') >= 0 || value.Length == 0)
        {
            return null;
        }

        var negative = value[0] == '-';
        var unsigned = value[0] is '-' or '+' ? value.Substring(1) : value;
        if (unsigned is "inf" or "infinity")
        {
            return negative ? "-.inf" : ".inf";
        }

        if (unsigned == "nan")
        {
            return ".nan";
        }

        if (!PythonFloatSyntax.IsMatch(unsigned) || !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        if (double.IsInfinity(number))
        {
            return number < 0 ? "-.inf" : ".inf";
        }

        var shortest = number.ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = shortest.IndexOf('E');
        var mantissa = exponentAt < 0 ? shortest : shortest.Substring(0, exponentAt);
        return (mantissa.IndexOf('.') >= 0 ? mantissa : mantissa + ".0") + (exponentAt < 0 ? "" : shortest.Substring(exponentAt));
    }

    /// <summary>
    /// What <c>construct_yaml_int</c> makes of an <c>!!int</c> scalar YAML 1.1 does not read as an integer, as decimal
    /// text: a leading <c>0</c> goes to <c>int(value, 8)</c>, which takes a <c>0o</c> prefix; anything else without a
    /// prefix to <c>int()</c>, which takes white space around; null where Python fails.
    /// </summary>
    public static string? TaggedIntegerText(string text)
    {
        var value = text.Replace("_", "");
        if (value.Length == 0)
        {
            return null;
        }

        var negative = value[0] == '-';
        value = value[0] is '-' or '+' ? value.Substring(1) : value;
        string? digits;
        int radix;
        if (value.Length > 0 && value[0] == '0' && !value.StartsWith("0b", StringComparison.Ordinal) && !value.StartsWith("0x", StringComparison.Ordinal) && value.IndexOf(':') < 0)
        {
            var octal = value.Trim(' ', '\t', '\n', '\r');
            digits = octal.StartsWith("0o", StringComparison.OrdinalIgnoreCase) ? octal.Substring(2) : octal;
            radix = 8;
        }
        else if (value.Length > 0 && value[0] != '0' && value.IndexOf(':') < 0)
        {
            digits = value.Trim(' ', '\t', '\n', '\r');
            radix = 10;
        }
        else
        {
            return null;
        }

        return Digits(digits, radix) is { } number ? (negative ? -number : number).ToString(CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Digits in a base, as a double: no length overflows.</summary>
    private static double InBase(string digits, int radix)
    {
        var total = 0.0;
        foreach (var digit in digits)
        {
            total = total * radix + (digit <= '9' ? digit - '0' : char.ToLowerInvariant(digit) - 'a' + 10);
        }

        return total;
    }

    /// <summary>The value Python's float() gives text Dify casts (a quoted default, say).</summary>
    public static double? Cast(string text) =>
        double.TryParse(text.Replace("_", "").Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;
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

        return BlockYamlReader.TryRead(text) ?? ReadWithYamlDotNet(text);
    }

    /// <summary>The tree from YamlDotNet's parser after the compatibility pre-pass: every text, at YamlDotNet's speed.</summary>
    internal static (YamlNode? Root, YamlError? Error, List<YamlError> Warnings) ReadWithYamlDotNet(string text)
    {
        var warnings = new List<YamlError>();
        var compatibility = YamlCompatibility.Prepare(text);
        var constructorProblems = new ConstructorProblems();
        var (root, error) = ReadEvents(text, compatibility, warnings, constructorProblems);

        // The error PyYAML reports is the first in the file among what its scanner and parser meet (a tab where a token
        // starts is the scanner's); a value its constructor cannot build comes up only once the whole file has parsed.
        // YamlDotNet's error may start where the construct it was reading began, so it is placed by where it ends; one
        // about a tab it leaves at the file's start.
        if (compatibility.TabError is { } tab && (error is null || error.End.Index == 0 || tab.Start.Index <= error.End.Index))
        {
            return (null, tab, warnings);
        }

        return error is null && constructorProblems.First is { } constructorProblem ? (root, constructorProblem, warnings) : (root, error, warnings);
    }

    /// <param name="constructorProblem">The values PyYAML's constructor would refuse, reported only if the document parses.</param>
    private static (YamlNode? Root, YamlError? Error) ReadEvents(string text, YamlCompatibility compatibility, List<YamlError> warnings, ConstructorProblems constructorProblem)
    {
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
        var danglingKeyStart = Mark.Empty;
        var danglingKeyEnd = Mark.Empty;
        Mark? aliasKeyEnd = null;
        // Why Add refused the node it was given (a key with no ':' around it), for AddError to report.
        YamlError? addRefusal = null;
        try
        {
            var parser = new Parser(new PyYamlScanner(compatibility.Text));
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                var start = compatibility.Map(current.Start);
                var end = compatibility.Map(current.End);
                lastStart = start;
                lastEnd = end;
                switch (current)
                {
                    case DocumentStart:
                        documents++;
                        if (documents > 1)
                        {
                            return (root, new YamlError("a manifest holds one YAML document, but a second one ('---') starts here", start, end));
                        }

                        break;
                    case Scalar or MappingStart or SequenceStart or AnchorAlias when ++nodes > ManifestLimits.MaxNodes:
                        return (root, Limit($"it has more than {ManifestLimits.MaxNodes:N0} keys and values", start, end));
                    case Scalar scalar:
                        expanded++;
                        if (Tagged(scalar, start, end, out var scalarNode) is { } tagProblem)
                        {
                            constructorProblem.Add(new YamlError(tagProblem, start, end), stack.Count);
                        }

                        if (scalarNode.IsPlain && scalarNode.Value == "<<" && (scalar.Tag.IsEmpty || scalar.Tag.IsNonSpecific) && !NextNodeIsKey())
                        {
                            constructorProblem.Add(new YamlError(ImplicitTagWithoutConstructor("<<", "merge"), start, end), stack.Count);
                        }

                        if (RepeatedAnchor(scalar.Anchor, scalarNode, anchors, start, end) is { } repeatedAnchor)
                        {
                            return (root, repeatedAnchor);
                        }

                        if (!Add(scalarNode))
                        {
                            return (root, AddError(start, end));
                        }

                        break;
                    case AnchorAlias alias:
                        if (!anchors.TryGetValue(alias.Value.Value, out var target))
                        {
                            return (root, new YamlError($"alias '*{alias.Value}' refers to no anchor", start, end));
                        }

                        if (stack.Contains(target))
                        {
                            return (root, Limit($"alias '*{alias.Value}' refers to a node that contains it, so it never ends when expanded", start, end));
                        }

                        expanded += target.ExpandedSize;
                        if (expanded > ManifestLimits.MaxExpandedNodes)
                        {
                            return (root, Limit($"its aliases expand it to more than {ManifestLimits.MaxExpandedNodes:N0} keys and values", start, end));
                        }

                        var aliasIsKey = NextNodeIsKey();
                        var added = Add(target);
                        if (!added)
                        {
                            return (root, AddError(start, end));
                        }

                        if (aliasIsKey)
                        {
                            aliasKeyEnd = end;
                        }

                        break;
                    case MappingStart mappingStart:
                        if (CollectionTagProblem(mappingStart.Tag, "map", "a mapping") is { } mappingTagProblem)
                        {
                            constructorProblem.Add(new YamlError(mappingTagProblem, start, end), stack.Count);
                        }

                        var mapping = new YamlMapping(start, end) { IsBlock = mappingStart.Style == MappingStyle.Block };
                        if ((RepeatedAnchor(mappingStart.Anchor, mapping, anchors, start, end) ?? (Open(mapping) ? null : CollectionError(start, end))) is { } mappingError)
                        {
                            return (root, mappingError);
                        }

                        break;
                    case SequenceStart sequenceStart:
                        if (CollectionTagProblem(sequenceStart.Tag, "seq", "a list") is { } sequenceTagProblem)
                        {
                            constructorProblem.Add(new YamlError(sequenceTagProblem, start, end), stack.Count);
                        }

                        var sequence = new YamlSequence(start, end);
                        if ((RepeatedAnchor(sequenceStart.Anchor, sequence, anchors, start, end) ?? (Open(sequence) ? null : CollectionError(start, end))) is { } sequenceError)
                        {
                            return (root, sequenceError);
                        }

                        break;
                    case MappingEnd or SequenceEnd:
                        if (pendingKeys.Peek() is not null)
                        {
                            // YamlDotNet ends a mapping on a key it found no ':' for (an alias on the line after a flow
                            // collection, for one); PyYAML rejects the text there. Dropping the key would lose it silently.
                            return (root, new YamlError("this has no ':' and does not continue the line before it; PyYAML, which Dify's SDK reads manifests with, rejects the file here", danglingKeyStart, danglingKeyEnd));
                        }

                        var closed = stack.Pop();
                        pendingKeys.Pop();
                        closed.End = end;
                        if (closed is YamlMapping { HasMergeKey: true } merged && merged.ApplyMergeKeys() is { } mergeProblem)
                        {
                            return (root, new YamlError(mergeProblem, closed.Start, end));
                        }

                        closed.ExpandedSize = expanded - openedAt.Pop();
                        break;
                }
            }
        }
        catch (YamlException exception)
        {
            var message = Clean(exception);
            var start = compatibility.Map(exception.Start);
            if ((message.StartsWith("While parsing a block mapping, did not find expected key", StringComparison.Ordinal)
                    || message.StartsWith("While parsing a block collection, did not find expected '-' indicator", StringComparison.Ordinal)
                    || message.StartsWith("While scanning a simple key, could not find expected ':'", StringComparison.Ordinal))
                && KeyWithoutColon.PyYamlMark(text, start) is { } stale)
            {
                return (root, new YamlError($"the key at line {start.Line}, column {start.Column} has no ':' after it; PyYAML, which Dify's SDK reads manifests with, rejects the file here, where the next token starts. Put ': ' after the key, or indent its line under the one before", stale, stale));
            }

            if (message.StartsWith("While scanning a tag, did not find expected whitespace", StringComparison.Ordinal) && TagEndProblem(text, start) is { } afterTag)
            {
                return (root, new YamlError($"a tag must be followed by a space, not '{text[(int)afterTag.Index]}'; PyYAML, which Dify's SDK reads manifests with, rejects the file here. Put a space after the tag, or quote the value", afterTag, afterTag));
            }

            if (message.StartsWith("While scanning a plain scalar value, found invalid mapping", StringComparison.Ordinal) && ColonStartingLine(text, start) is { } leadingColon)
            {
                return (root, new YamlError(ColonWithoutKey, leadingColon, leadingColon));
            }

            if (message.StartsWith("Anchor before sequence entry on same line is not allowed", StringComparison.Ordinal) && DashOnLine(text, start) is { } dash)
            {
                return (root, new YamlError("a list cannot start on the line of the key or anchor before it; PyYAML, which Dify's SDK reads manifests with, rejects the file here. Start the list on the next line, indented", dash, dash));
            }

            var blockScalarHeader = message.StartsWith("While scanning a block scalar", StringComparison.Ordinal) ? BlockScalarHeaderProblem(text, start) : null;
            return (root, new YamlError(message, blockScalarHeader ?? start, compatibility.Map(exception.End)));
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or IndexOutOfRangeException or NullReferenceException)
        {
            // YamlDotNet's parser sometimes fails this way instead of with a YamlException (an unclosed flow collection, for one).
            return (root, new YamlError("the YAML cannot be read past this point; look for an unclosed bracket, brace or quote", lastStart, lastEnd));
        }

        return (root, null);

        YamlError CollectionError(Mark start, Mark end) => stack.Count >= MaxDepth
            ? new YamlError($"nesting deeper than {MaxDepth} levels is not supported", start, end)
            : AddError(start, end);

        // Why Add refused a node: a value with no ':' after its alias key.
        YamlError AddError(Mark start, Mark end) => addRefusal ?? new YamlError("this node has no place in the YAML", start, end);

        // Whether the node about to be added is a key of the mapping being read.
        bool NextNodeIsKey() => stack.Count > 0 && stack.Peek() is YamlMapping && pendingKeys.Peek() is null;

        bool Open(YamlNode collection)
        {
            if (stack.Count >= MaxDepth)
            {
                return false;
            }

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
                            // PyYAML composes the whole document before its constructor refuses a key it cannot hash,
                            // so a syntax error anywhere after this key is the one it reports: the key (read to its end,
                            // then left out with its value) is rejected only once the document has parsed.
                            constructorProblem.Add(new YamlError("a list or mapping cannot be a key; PyYAML, which Dify's SDK reads manifests with, rejects it. Use a plain value as the key", node.Start, node.End), stack.Count);
                            pendingKeys.Push(UnhashableKey);
                            danglingKeyStart = node.Start;
                            danglingKeyEnd = node.End;
                            return true;
                        }

                        if (mapping.IsBlock && scalarKey.Value.Length == 0 && ColonOfEmptyKey(text, lastStart, lastEnd) is { } colon)
                        {
                            // Each entry of a block mapping starts with a key or '?' for PyYAML's parser: it rejects a
                            // ':' with nothing before it there and then, before reading what follows.
                            addRefusal = new YamlError(ColonWithoutKey, colon, lastStart);
                            return false;
                        }

                        if (mapping.FirstKey(scalarKey.Value) is { } first)
                        {
                            warnings.Add(RepeatedKey(scalarKey, first));
                        }

                        pendingKeys.Push(scalarKey);

                        // Where the key's own event is (an alias's, not its anchor's), should no value follow it.
                        danglingKeyStart = lastStart;
                        danglingKeyEnd = lastEnd;
                    }
                    else
                    {
                        var afterAliasKey = aliasKeyEnd;
                        aliasKeyEnd = null;
                        if (afterAliasKey is { } keyEnd && keyEnd.Index <= lastStart.Index && text.IndexOf(':', (int)keyEnd.Index, (int)(lastStart.Index - keyEnd.Index)) < 0
                            && !AfterExplicitKeyIndicator(text, danglingKeyStart))
                        {
                            // YamlDotNet took an alias for a key and the next node for its value with no ':' between
                            // them (alias lines after a comment, for one); PyYAML rejects the text at the alias.
                            addRefusal = new YamlError("this alias has no ':' after it and does not continue the line before it; PyYAML, which Dify's SDK reads manifests with, rejects the file here", danglingKeyStart, danglingKeyEnd);
                            pendingKeys.Push(key);
                            return false;
                        }

                        if (!ReferenceEquals(key, UnhashableKey) && mapping.IsBlock && IsMadeUpEmptyKey(key) && ColonWithoutKeyBefore(text, node.Start) is { } loneColon)
                        {
                            // YamlDotNet made up an empty key for a ':' with nothing before it; PyYAML's scanner makes
                            // none, and its parser rejects the value indicator where it expected a key or a node.
                            addRefusal = new YamlError(ColonWithoutKey, loneColon, loneColon);
                            pendingKeys.Push(key);
                            return false;
                        }

                        if (!ReferenceEquals(key, UnhashableKey))
                        {
                            mapping.Add(key, node);
                        }

                        pendingKeys.Push(null);
                    }

                    return true;
                default:
                    return false;
            }
        }
    }

    private static YamlError Limit(string message, Mark start, Mark end) => new(message, start, end, IsLimit: true);

    /// <summary>
    /// Where PyYAML reports a block scalar header it cannot read (scan_block_scalar_indicators and
    /// scan_block_scalar_ignored_line in scanner.py): at the first character after '|' or '>' that is neither a chomping
    /// or indentation indicator nor followed by a comment or the line's end. YamlDotNet reports the '|' or '>' itself.
    /// </summary>
    /// <returns>That character's place, or null when <paramref name="indicator"/> is no block scalar's header or the header is fine.</returns>
    private static Mark? BlockScalarHeaderProblem(string text, Mark indicator)
    {
        var start = (int)indicator.Index;
        if (start >= text.Length || text[start] is not ('|' or '>'))
        {
            return null;
        }

        var at = start + 1;
        if (Peek(at) is '+' or '-')
        {
            at++;
            if (Peek(at) == '0')
            {
                return Moved(at);
            }

            if (Peek(at) is >= '1' and <= '9')
            {
                at++;
            }
        }
        else if (Peek(at) is >= '0' and <= '9')
        {
            // An indentation indicator is 1 to 9; PyYAML refuses a 0 where it stands.
            if (Peek(at) == '0')
            {
                return Moved(at);
            }

            at++;
            if (Peek(at) is '+' or '-')
            {
                at++;
            }
        }

        if (Peek(at) != ' ' && !IsBreakOrEnd(Peek(at)))
        {
            return Moved(at);
        }

        while (Peek(at) == ' ')
        {
            at++;
        }

        return Peek(at) == '#' || IsBreakOrEnd(Peek(at)) ? null : Moved(at);

        char Peek(int index) => index < text.Length ? text[index] : '\0';

        static bool IsBreakOrEnd(char character) => character is '\0' or '\r' or '\n' or '\u0085' or '\u2028' or '\u2029';

        Mark Moved(int index) => new(index, indicator.Line, indicator.Column + index - start);
    }

    /// <summary>Stands for a key that is a collection while its value is read: the file is rejected once it has parsed.</summary>
    private static readonly YamlScalar UnhashableKey = new("", ScalarStyle.Plain, Mark.Empty, Mark.Empty);

    /// <summary>What PyYAML's parser says, in our words, of a ':' that starts an entry with no key before it.</summary>
    internal const string ColonWithoutKey = "a ':' with no key before it cannot stand here; PyYAML, which Dify's SDK reads manifests with, rejects the file here. Put a key before the ':' or remove it";

    /// <summary>
    /// The first character after the tag at <paramref name="tag"/> that PyYAML's <c>scan_tag</c> neither reads as part of
    /// it (letters, digits and <c>-;/?:@&amp;=+$,_.!~*'()[]</c>) nor accepts after it (a space or the line's end): where it
    /// rejects the tag ("expected ' ', but found …"). YamlDotNet reports the tag's start. Null for a verbatim tag
    /// (<c>!&lt;…&gt;</c>) or an escape (<c>%</c>), which this does not read.
    /// </summary>
    private static Mark? TagEndProblem(string text, Mark tag)
    {
        var start = (int)tag.Index;
        if (start + 1 >= text.Length || text[start] != '!' || text[start + 1] == '<')
        {
            return null;
        }

        var index = start + 1;
        while (index < text.Length && (text[index] is (>= '0' and <= '9') or (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') || "-;/?:@&=+$,_.!~*'()[]".IndexOf(text[index]) >= 0))
        {
            index++;
        }

        return index >= text.Length || text[index] is ' ' or '\r' or '\n' or '%' ? null : new Mark(index, tag.Line, tag.Column + (index - start));
    }

    /// <summary>
    /// The <c>:</c> that starts the line of <paramref name="mark"/> (after spaces) as an indicator, with no key before it:
    /// PyYAML's parser rejects it there ("expected &lt;block end&gt;, but found ':'"), where YamlDotNet reads a mapping
    /// on and fails at a later ':' on the line.
    /// </summary>
    private static Mark? ColonStartingLine(string text, Mark mark)
    {
        var lineStart = (int)(mark.Index - (mark.Column - 1));
        var index = lineStart;
        while (index < text.Length && text[index] == ' ')
        {
            index++;
        }

        return index + 1 < text.Length && index < mark.Index && text[index] == ':' && text[index + 1] is ' ' or '\r' or '\n'
            ? new Mark(index, mark.Line, index - lineStart + 1)
            : null;
    }

    /// <summary>
    /// The first <c>-</c> that starts a list entry (white space or the line's end on both sides) after
    /// <paramref name="start"/> on its line: where PyYAML rejects a list opened after an anchor or a key on the same line
    /// ("sequence entries are not allowed here"); YamlDotNet reports the anchor.
    /// </summary>
    private static Mark? DashOnLine(string text, Mark start)
    {
        for (var index = (int)start.Index; index < text.Length && text[index] is not ('\n' or '\r'); index++)
        {
            if (text[index] == '-' && index > 0 && text[index - 1] is ' ' or '\t' && (index + 1 == text.Length || text[index + 1] is ' ' or '\t' or '\r' or '\n'))
            {
                return new Mark(index, start.Line, start.Column + (index - start.Index));
            }
        }

        return null;
    }

    /// <summary>
    /// An empty plain key zero characters long: one YamlDotNet makes up for a <c>:</c> with nothing before it, or the key
    /// of a <c>?</c> with nothing after it. A key with an anchor or a tag spans them.
    /// </summary>
    private static bool IsMadeUpEmptyKey(YamlScalar key) => key.Value.Length == 0 && key.IsPlain && key.Start.Index == key.End.Index;

    /// <summary>
    /// The <c>:</c> just before the value at <paramref name="valueStart"/> (white space and comments between) when what
    /// stands before that <c>:</c> is not the <c>?</c> of an explicit key: a <c>:</c> at the start of a line in a block
    /// mapping. PyYAML's scanner makes no key for it, and its parser rejects it ("expected &lt;block end&gt;, but found
    /// ':'"), where YamlDotNet reads an empty key. Inside brackets or braces <see cref="PyYamlScanner"/> rejects such a
    /// ':' before the tree sees it.
    /// </summary>
    private static Mark? ColonWithoutKeyBefore(string text, Mark valueStart)
    {
        if (valueStart.Index <= 0 || valueStart.Index > text.Length)
        {
            return null;
        }

        var colon = PreviousSignificant(text, (int)valueStart.Index - 1);
        if (colon < 0 || text[colon] != ':')
        {
            return null;
        }

        var before = PreviousSignificant(text, colon - 1);
        if (before >= 0 && text[before] == '?' && text[before + 1] is ' ' or '\t' or '\r' or '\n')
        {
            return null;
        }

        var line = valueStart.Line;
        for (var index = colon; index < valueStart.Index; index++)
        {
            if (text[index] == '\n' || (text[index] == '\r' && (index + 1 == text.Length || text[index + 1] != '\n')))
            {
                line--;
            }
        }

        return new Mark(colon, line, colon - LineStart(text, colon) + 1);
    }

    /// <summary>
    /// Whether the node at <paramref name="nodeStart"/> follows a '?', as an explicit key, which needs no ':' after it
    /// (<c>[&amp;a x, ? *a]</c> is <c>["x", {"x": null}]</c>).
    /// </summary>
    private static bool AfterExplicitKeyIndicator(string text, Mark nodeStart)
    {
        var before = nodeStart.Index > 0 && nodeStart.Index <= text.Length ? PreviousSignificant(text, (int)nodeStart.Index - 1) : -1;
        return before >= 0 && text[before] == '?' && (before + 1 == text.Length || text[before + 1] is ' ' or '\t' or '\r' or '\n' || before + 1 == nodeStart.Index);
    }

    /// <summary>
    /// The index of the last character at or before <paramref name="index"/> that is neither white space nor in a
    /// comment; -1 when there is none. A <c>#</c> after a quote on its line is not taken for a comment (the quote may open
    /// a scalar that holds it), so the search stops at the character before it is reached.
    /// </summary>
    private static int PreviousSignificant(string text, int index)
    {
        while (index >= 0)
        {
            if (text[index] is ' ' or '\t' or '\r' or '\n')
            {
                index--;
                continue;
            }

            var lineStart = LineStart(text, index);
            var comment = -1;
            for (var position = lineStart; position <= index && text[position] is not ('"' or '\''); position++)
            {
                if (text[position] == '#' && (position == lineStart || text[position - 1] is ' ' or '\t'))
                {
                    comment = position;
                    break;
                }
            }

            if (comment < 0)
            {
                return index;
            }

            index = comment - 1;
        }

        return -1;
    }

    /// <summary>The index where the line holding <paramref name="index"/> starts.</summary>
    private static int LineStart(string text, int index)
    {
        while (index > 0 && text[index - 1] is not ('\n' or '\r'))
        {
            index--;
        }

        return index;
    }

    /// <summary>
    /// The <c>:</c> an empty key stands for (<c>k:</c> then <c>  : v</c>, or <c>- - :</c>): YamlDotNet marks such a key,
    /// zero characters long, just after it. PyYAML reports the <c>:</c> itself ("expected &lt;block end&gt;, but found
    /// ':'").
    /// </summary>
    private static Mark? ColonOfEmptyKey(string text, Mark start, Mark end) =>
        start.Index == end.Index && start.Index > 0 && start.Column > 1 && text[(int)start.Index - 1] == ':'
            ? new Mark(start.Index - 1, start.Line, start.Column - 1)
            : null;

    /// <summary>
    /// The value PyYAML's constructor refuses first. It builds a collection's scalars and keys when it builds the
    /// collection, and the collections inside it a level later (<c>state_generators</c> in constructor.py), so the
    /// refusal it meets first is the one with the fewest collections around it, and the first in the file among those.
    /// </summary>
    private sealed class ConstructorProblems
    {
        private int _level;

        public YamlError? First { get; private set; }

        /// <param name="problem">Why PyYAML refuses the value.</param>
        /// <param name="level">How many collections hold the value.</param>
        public void Add(YamlError problem, int level)
        {
            if (First is null || level < _level)
            {
                First = problem;
                _level = level;
            }
        }
    }

    /// <summary>The warning for <paramref name="key"/>, met again after <paramref name="first"/> in one mapping.</summary>
    internal static YamlError RepeatedKey(YamlScalar key, YamlScalar first) =>
        new($"key '{Shorten(key.Value)}' is defined again in this mapping (first at line {first.Start.Line}); the last one wins", key.Start, key.End);

    /// <summary>Manifest text quoted in a message, cut short so that a huge key cannot make a huge diagnostic.</summary>
    public static string Shorten(string text) => text.Length <= 80 ? text : text.Substring(0, 77) + "...";

    private const string CoreTagPrefix = "tag:yaml.org,2002:";

    /// <summary>
    /// The scalar as PyYAML's SafeLoader builds it from its tag (<c>constructor.py</c>): <c>!!str</c> makes text of
    /// anything, <c>!!null</c> null; <c>!!bool</c>, <c>!!int</c> and <c>!!float</c> must hold such a value; any other
    /// tag has no constructor there and fails the file. No tag, or <c>!</c>, leaves the value to the implicit resolvers.
    /// </summary>
    /// <returns>Why PyYAML rejects the scalar, or null.</returns>
    private static string? Tagged(Scalar scalar, Mark start, Mark end, out YamlScalar node)
    {
        var tag = scalar.Tag.IsEmpty || scalar.Tag.IsNonSpecific ? null : scalar.Tag.Value;
        node = tag switch
        {
            null => new YamlScalar(scalar.Value, scalar.Style, start, end),
            CoreTagPrefix + "str" => new YamlScalar(scalar.Value, ScalarStyle.DoubleQuoted, start, end),
            CoreTagPrefix + "null" => new YamlScalar("", ScalarStyle.Plain, start, end),
            _ => new YamlScalar(scalar.Value, ScalarStyle.Plain, start, end),
        };
        if (tag == CoreTagPrefix + "float" && node.IsInteger && !IsPrefixedInteger(scalar.Value))
        {
            // float() reads "1", "017" and "1:20" as 1.0, 17.0 and 80.0 (constructor.py, construct_yaml_float).
            node = new YamlScalar(scalar.Value + ".0", ScalarStyle.Plain, start, end);
        }
        else if (tag == CoreTagPrefix + "float" && !node.IsNumber && YamlNumbers.TaggedFloatText(scalar.Value) is { } floatText)
        {
            // Python's float() takes more than YAML 1.1's float: "1e5", "-.5", "inf", white space around.
            node = new YamlScalar(floatText, ScalarStyle.Plain, start, end);
        }
        else if (tag == CoreTagPrefix + "int" && !node.IsInteger && YamlNumbers.TaggedIntegerText(scalar.Value) is { } integerText)
        {
            // construct_yaml_int hands octal to int(value, 8), which takes "0o17", and decimal to int(), which takes white space.
            node = new YamlScalar(integerText, ScalarStyle.Plain, start, end);
        }

        return tag switch
        {
            null when node.IsPlain && node.Value == "=" => ImplicitTagWithoutConstructor("=", "value"),
            null or CoreTagPrefix + "int" when node.IsInteger && IntegerWithoutDigits(node.Value) =>
                $"'{Shorten(scalar.Value)}' has no digits after its base prefix; PyYAML, which Dify's SDK reads manifests with, reads it as an integer, cannot build one (ValueError) and rejects the file; write the digits or quote the value",
            null or CoreTagPrefix + "str" or CoreTagPrefix + "null" => null,
            CoreTagPrefix + "bool" when node.BooleanValue is not null => null,
            CoreTagPrefix + "int" when node.IsInteger => null,
            CoreTagPrefix + "float" when node.IsNumber && !node.IsInteger => null,
            CoreTagPrefix + "bool" or CoreTagPrefix + "int" or CoreTagPrefix + "float" =>
                $"'{Shorten(scalar.Value)}' is not {(tag == CoreTagPrefix + "bool" ? "a boolean" : tag == CoreTagPrefix + "int" ? "an integer" : "a number")}, as its tag '{Shorten(tag)}' says; PyYAML, which Dify's SDK reads manifests with, rejects the file; fix the value or remove the tag",
            _ => TagWithoutConstructor(tag),
        };
    }

    private static bool IsPrefixedInteger(string text)
    {
        var digits = text.TrimStart('-', '+');
        return digits.StartsWith("0x", StringComparison.Ordinal) || digits.StartsWith("0b", StringComparison.Ordinal);
    }

    /// <summary>Why PyYAML rejects a collection's tag, or null: only <c>!!map</c> on a mapping and <c>!!seq</c> on a list are built.</summary>
    private static string? CollectionTagProblem(TagName tag, string kind, string kindName) =>
        tag.IsEmpty || tag.IsNonSpecific || tag.Value == CoreTagPrefix + kind ? null
        : tag.Value is CoreTagPrefix + "map" or CoreTagPrefix + "seq" ? $"the tag '{tag.Value}' asks for {(kindName == "a list" ? "a mapping" : "a list")} but this is {kindName}; PyYAML, which Dify's SDK reads manifests with, rejects the file; remove the tag"
        : TagWithoutConstructor(tag.Value);

    /// <summary>
    /// Why PyYAML rejects a plain <paramref name="value"/> its resolver gives a YAML 1.1 tag (<c>value</c> for <c>=</c>,
    /// <c>merge</c> for <c>&lt;&lt;</c> anywhere but as a key) that its safe loader has no constructor for.
    /// </summary>
    private static string ImplicitTagWithoutConstructor(string value, string tag) =>
        $"a plain '{value}' is the YAML 1.1 '{tag}' indicator to PyYAML, which Dify's SDK reads manifests with; it builds no value for the tag '{CoreTagPrefix}{tag}' here and rejects the file; quote it ('{value}')";

    /// <summary>
    /// Whether PyYAML's constructor may refuse a plain scalar for its text alone (<see cref="ImplicitTagWithoutConstructor"/>,
    /// <see cref="IntegerWithoutDigits"/>): the fast block reader leaves texts with one to this path, which checks them.
    /// </summary>
    internal static bool MayBeRefusedPlain(string value) => value is "=" or "<<" || IntegerWithoutDigits(value);

    /// <summary>An integer PyYAML's resolver accepts with nothing but '_' after its <c>0b</c> or <c>0x</c>: <c>int('', 2)</c> fails (constructor.py, construct_yaml_int).</summary>
    private static bool IntegerWithoutDigits(string value)
    {
        // Called for every plain scalar of the fast reader: no allocation.
        var index = value.Length > 0 && value[0] is '-' or '+' ? 1 : 0;
        if (value.Length <= index + 2 || value[index] != '0' || value[index + 1] is not ('b' or 'x'))
        {
            return false;
        }

        for (var position = index + 2; position < value.Length; position++)
        {
            if (value[position] != '_')
            {
                return false;
            }
        }

        return true;
    }

    private static string TagWithoutConstructor(string tag) => tag switch
    {
        // PyYAML builds these, but as Python values no manifest field holds (bytes, a date, a set, a list of pairs):
        // refused here rather than read as something else.
        CoreTagPrefix + "binary" or CoreTagPrefix + "timestamp" or CoreTagPrefix + "set" or CoreTagPrefix + "omap" or CoreTagPrefix + "pairs" =>
            $"the tag '{tag}' makes PyYAML, which Dify's SDK reads manifests with, build a Python value that no manifest field holds; remove the tag",
        _ => $"PyYAML, which Dify's SDK reads manifests with, builds no value for the tag '{Shorten(tag)}' and rejects the file (its safe loader knows only the YAML core tags for text, numbers, booleans, null, mappings and lists); remove the tag",
    };

    /// <summary>
    /// Remembers the node an anchor names; the error when the name is taken already. YAML 1.2 lets a later anchor
    /// replace an earlier one and YamlDotNet follows it, but PyYAML, which Dify's SDK reads manifests with, refuses the
    /// second ("found duplicate anchor", composer.py), at the second node.
    /// </summary>
    private static YamlError? RepeatedAnchor(AnchorName anchor, YamlNode node, Dictionary<string, YamlNode> anchors, Mark start, Mark end)
    {
        if (anchor.IsEmpty)
        {
            return null;
        }

        if (anchors.TryGetValue(anchor.Value, out var first))
        {
            return new YamlError($"anchor '&{Shorten(anchor.Value)}' is defined again (first at line {first.Start.Line}); PyYAML, which Dify's SDK reads manifests with, rejects a repeated anchor. Give each anchor its own name", start, end);
        }

        anchors[anchor.Value] = node;
        return null;
    }

    private static string Clean(YamlException exception)
    {
        // YamlDotNet prefixes "(Line: a, Col: b, Idx: c) - (Line: …): "; the location is reported separately.
        var message = exception.InnerException?.Message ?? exception.Message;
        var marker = message.LastIndexOf("): ", StringComparison.Ordinal);
        return marker >= 0 && message.StartsWith("(", StringComparison.Ordinal) ? message.Substring(marker + 3) : message;
    }
}

/// <summary>
/// Converts YAML nodes to compact JSON as PyYAML would load them (YAML 1.1 booleans and numbers, the last of repeated
/// keys at the first one's place), with a size budget (aliases can make a small file expand).
/// </summary>
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

                    var pairs = mapping.Pairs;
                    if (index < pairs.Count)
                    {
                        if (index > 0)
                        {
                            builder.Append(',');
                        }

                        builder.Append(JsonText.String(pairs[index].Key.Value)).Append(':');
                        stack.Push((mapping, index + 1, true));
                        stack.Push((pairs[index].Value, 0, false));
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

        if (scalar.BooleanValue is { } flag)
        {
            return flag ? "true" : "false";
        }

        if (scalar.IsNumber && scalar.NumberValue is { } number)
        {
            return scalar.IsInteger ? JsonNumbers.Integer(number, scalar.Value) : JsonNumbers.Float(number);
        }

        return JsonText.String(scalar.Value);
    }
}

internal static class JsonText
{
    public static string String(string value) => AppendString(new StringBuilder(value.Length + 2), value).ToString();

    /// <summary>Appends <paramref name="value"/> as a JSON string; runs that need no escape are copied whole.</summary>
    public static StringBuilder AppendString(StringBuilder builder, string value)
    {
        builder.Append('"');
        var copiedUpTo = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var character = value[i];
            if (character >= 0x20 && character != '"' && character != '\\')
            {
                continue;
            }

            builder.Append(value, copiedUpTo, i - copiedUpTo);
            copiedUpTo = i + 1;
            switch (character)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default: builder.Append("\\u").Append(((int)character).ToString("x4", CultureInfo.InvariantCulture)); break;
            }
        }

        return builder.Append(value, copiedUpTo, value.Length - copiedUpTo).Append('"');
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
