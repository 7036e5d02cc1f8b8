using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Dify.Plugin.Generator.Helpers;

internal static class Identifiers
{
    /// <summary>
    /// Turns a manifest name such as <c>ddgo_search</c>, <c>max-results</c> or <c>zh-CN</c> into a PascalCase C#
    /// identifier (<c>DdgoSearch</c>, <c>MaxResults</c>, <c>ZhCn</c>). Returns an empty string when nothing usable is left.
    /// </summary>
    public static string ToPascalCase(string name)
    {
        var builder = new StringBuilder();
        var startOfWord = true;
        var previousUpper = false;
        var previousLower = false;
        for (var i = 0; i < name.Length; i++)
        {
            var character = name[i];
            if (!IsIdentifierPart(character) || character == '_')
            {
                startOfWord = true;
                previousUpper = previousLower = false;
                continue;
            }

            var upper = char.IsUpper(character);
            if (upper && previousLower)
            {
                startOfWord = true;
            }

            if (startOfWord)
            {
                builder.Append(char.ToUpperInvariant(character));
                startOfWord = false;
            }
            else if (upper && previousUpper && !(i + 1 < name.Length && char.IsLower(name[i + 1])))
            {
                // The rest of an acronym (MY_PARAM, HTTP): lower case, except the capital that starts the next word (HTTPServer).
                builder.Append(char.ToLowerInvariant(character));
            }
            else
            {
                builder.Append(character);
            }

            previousUpper = upper;
            previousLower = char.IsLower(character) || char.IsDigit(character);
        }

        var result = builder.ToString();
        if (result.Length > 0 && !SyntaxFacts.IsIdentifierStartCharacter(result[0]))
        {
            // Digits and combining marks can continue an identifier but not start one.
            result = "_" + result;
        }

        return SyntaxFacts.IsValidIdentifier(result) ? result : "";
    }

    /// <summary>An identifier as C# source: a keyword gets an <c>@</c> (a class named <c>@event</c>).</summary>
    public static string Escape(string identifier) =>
        SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None ? "@" + identifier : identifier;

    /// <summary>
    /// A hash that is the same on every machine and every run (unlike <see cref="string.GetHashCode()"/>), for names that
    /// must be derived from text that has no usable letters: FNV-1a over the UTF-16 code units, as eight hex digits.
    /// </summary>
    public static string StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var character in text)
        {
            hash = unchecked((hash ^ character) * 16777619u);
        }

        return hash.ToString("x8", CultureInfo.InvariantCulture);
    }

    public static bool IsValidNamespace(string value) =>
        value.Length > 0 && value.Split('.').All(part => SyntaxFacts.IsValidIdentifier(part) && SyntaxFacts.GetKeywordKind(part) == SyntaxKind.None);

    private static bool IsIdentifierPart(char character) =>
        character < 128 ? char.IsLetterOrDigit(character) || character == '_' : SyntaxFacts.IsIdentifierPartCharacter(character) && CharUnicodeInfo.GetUnicodeCategory(character) != UnicodeCategory.Format;
}

/// <summary>
/// Hands out names that are unique within one scope, adding 2, 3, … to a taken one. Remembers the next suffix of each
/// name, so that thousands of clashing names cost linear time, not quadratic.
/// </summary>
internal sealed class UniqueNames
{
    private readonly HashSet<string> _taken;
    private readonly Dictionary<string, int> _nextSuffix;

    public UniqueNames(IEnumerable<string> reserved, StringComparer? comparer = null)
    {
        _taken = new HashSet<string>(reserved, comparer ?? StringComparer.Ordinal);
        _nextSuffix = new Dictionary<string, int>(comparer ?? StringComparer.Ordinal);
    }

    public bool IsTaken(string name) => _taken.Contains(name);

    public string Claim(string candidate)
    {
        if (_taken.Add(candidate))
        {
            return candidate;
        }

        _nextSuffix.TryGetValue(candidate, out var suffix);
        suffix = Math.Max(suffix, 2);
        string result;
        do
        {
            result = candidate + suffix.ToString(CultureInfo.InvariantCulture);
            suffix++;
        }
        while (!_taken.Add(result));

        _nextSuffix[candidate] = suffix;
        return result;
    }
}

internal static class StringSimilarity
{
    /// <summary>Longer text is no misspelling of a short name, and comparing it would cost its length squared.</summary>
    private const int MaxComparedLength = 64;

    /// <summary>The closest candidate within a small edit distance (case-insensitive), for "did you mean" messages.</summary>
    public static string? Closest(string value, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        if (value.Length > MaxComparedLength)
        {
            return null;
        }

        foreach (var candidate in candidates)
        {
            var distance = Distance(value.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }

        return best is not null && bestDistance <= Math.Max(2, value.Length / 3) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}

/// <summary>
/// The only ways manifest text reaches generated source. C# ends a line at CR, LF, U+0085, U+2028 and U+2029, so text
/// placed in a comment must lose all five, or the rest of it becomes code.
/// </summary>
internal static class CSharpLiterals
{
    /// <summary>
    /// A C# string literal: quotes and backslashes escaped, and as <c>\uXXXX</c> every control character, every line
    /// terminator (NEL, LS, PS) and every surrogate that is not half of a pair, so the literal stays one line of text.
    /// </summary>
    public static string String(string value) => AppendString(new StringBuilder(value.Length + 16), value).ToString();

    /// <summary>Appends <paramref name="value"/> as <see cref="String"/> writes it.</summary>
    public static StringBuilder AppendString(StringBuilder builder, string value)
    {
        builder.Append('"');
        var copiedUpTo = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var escape = value[i] switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when NeedsUnicodeEscape(value, i) => "\\u" + ((int)value[i]).ToString("X4", CultureInfo.InvariantCulture),
                _ => null,
            };
            if (escape is not null)
            {
                builder.Append(value, copiedUpTo, i - copiedUpTo).Append(escape);
                copiedUpTo = i + 1;
            }
        }

        return builder.Append(value, copiedUpTo, value.Length - copiedUpTo).Append('"');
    }

    /// <summary>
    /// Appends JSON as a C# literal: a single-line raw literal (<c>"""…"""</c>) when the JSON has nothing
    /// <see cref="AppendString"/> would escape but quotes and backslashes, which raw literals take as they are; else as
    /// <see cref="AppendString"/> writes it. A raw literal's delimiter is longer than any run of quotes inside it, so the
    /// text cannot close it early.
    /// </summary>
    public static StringBuilder AppendJson(StringBuilder builder, string json)
    {
        if (json.Length == 0 || json[0] == '"' || json[json.Length - 1] == '"')
        {
            return AppendString(builder, json);
        }

        var longestQuoteRun = 0;
        var quoteRun = 0;
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] == '"')
            {
                quoteRun++;
                longestQuoteRun = Math.Max(longestQuoteRun, quoteRun);
                continue;
            }

            quoteRun = 0;
            if (NeedsUnicodeEscape(json, i))
            {
                return AppendString(builder, json);
            }
        }

        var delimiter = Math.Max(3, longestQuoteRun + 1);
        return builder.Append('"', delimiter).Append(json).Append('"', delimiter);
    }

    /// <summary>
    /// Whether a literal spells the character at <paramref name="index"/> as <c>\uXXXX</c>: a control character, a line
    /// terminator (NEL, LS, PS) or a surrogate that is not half of a pair.
    /// </summary>
    private static bool NeedsUnicodeEscape(string value, int index) => value[index] switch
    {
        >= ' ' and < '\u007F' => false,
        <= '\u009F' or '\u2028' or '\u2029' => true,
        _ => IsLoneSurrogate(value, index),
    };

    /// <summary>Whether the character at <paramref name="index"/> is a surrogate without its other half beside it.</summary>
    private static bool IsLoneSurrogate(string value, int index) => value[index] switch
    {
        var high when char.IsHighSurrogate(high) => !(index + 1 < value.Length && char.IsLowSurrogate(value[index + 1])),
        var low when char.IsLowSurrogate(low) => !(index > 0 && char.IsHighSurrogate(value[index - 1])),
        _ => false,
    };

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture) + "d";

    /// <summary>Text for an XML doc comment: escaped, on one line.</summary>
    public static string Xml(string value) => IsCommentText(value, xml: true) ? value : AppendComment(new StringBuilder(value.Length + 8), value, xml: true).ToString();

    /// <summary>
    /// Text for a <c>//</c> or <c>///</c> comment: every line terminator and control character becomes a space, and
    /// an unpaired surrogate becomes U+FFFD, so the text stays on its line and stays text; trimmed.
    /// </summary>
    public static string Comment(string value) => IsCommentText(value, xml: false) ? value : AppendComment(new StringBuilder(value.Length), value, xml: false).ToString();

    /// <summary>Whether <see cref="AppendComment"/> would write <paramref name="value"/> unchanged.</summary>
    private static bool IsCommentText(string value, bool xml)
    {
        if (value.Length > 0 && (BecomesSpace(value[0]) || BecomesSpace(value[value.Length - 1])))
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (CommentReplacement(value, i, xml) is not null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Appends <paramref name="value"/> as <see cref="Comment"/> writes it, or as <see cref="Xml"/> does when <paramref name="xml"/>.</summary>
    public static StringBuilder AppendComment(StringBuilder builder, string value, bool xml)
    {
        var start = 0;
        var end = value.Length;
        while (start < end && BecomesSpace(value[start]))
        {
            start++;
        }

        while (end > start && BecomesSpace(value[end - 1]))
        {
            end--;
        }

        var copiedUpTo = start;
        for (var i = start; i < end; i++)
        {
            if (CommentReplacement(value, i, xml) is { } replacement)
            {
                builder.Append(value, copiedUpTo, i - copiedUpTo).Append(replacement);
                copiedUpTo = i + 1;
            }
        }

        return builder.Append(value, copiedUpTo, end - copiedUpTo);
    }

    /// <summary>
    /// What a comment has instead of the character at <paramref name="index"/>, or null to keep it: a space for a line
    /// terminator or control character, U+FFFD for a lone surrogate, and for an XML doc comment an entity for <c>&amp;</c>,
    /// <c>&lt;</c> and <c>&gt;</c>.
    /// </summary>
    private static string? CommentReplacement(string value, int index, bool xml) => value[index] switch
    {
        '&' when xml => "&amp;",
        '<' when xml => "&lt;",
        '>' when xml => "&gt;",
        >= ' ' and < '\u007F' => null,
        var character when IsLineTerminator(character) || char.IsControl(character) => " ",
        _ when IsLoneSurrogate(value, index) => "\uFFFD",
        _ => null,
    };

    /// <summary>What <see cref="Comment"/> trims: white space, and what it turns into a space.</summary>
    private static bool BecomesSpace(char character) => char.IsWhiteSpace(character) || char.IsControl(character) || IsLineTerminator(character);

    /// <summary>The characters that end a line in C# source (ECMA-334, 6.3.2).</summary>
    public static bool IsLineTerminator(char character) =>
        character is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029';
}
