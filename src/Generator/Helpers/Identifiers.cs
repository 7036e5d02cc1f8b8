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
        var previousLower = false;
        foreach (var character in name)
        {
            if (!IsIdentifierPart(character))
            {
                startOfWord = true;
                previousLower = false;
                continue;
            }

            if (character == '_')
            {
                startOfWord = true;
                previousLower = false;
                continue;
            }

            if (char.IsUpper(character) && previousLower)
            {
                startOfWord = true;
            }

            if (startOfWord)
            {
                builder.Append(char.ToUpperInvariant(character));
                startOfWord = false;
            }
            else
            {
                builder.Append(builder.Length > 0 && char.IsUpper(builder[builder.Length - 1]) && char.IsUpper(character) && !previousLower
                    ? char.ToLowerInvariant(character)
                    : character);
            }

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

    /// <summary>A valid identifier built from <paramref name="name"/>, made unique against <paramref name="taken"/>.</summary>
    public static string MakeUnique(string candidate, ISet<string> taken)
    {
        var result = candidate;
        for (var suffix = 2; !taken.Add(result); suffix++)
        {
            result = candidate + suffix.ToString(CultureInfo.InvariantCulture);
        }

        return result;
    }

    public static bool IsValidNamespace(string value) =>
        value.Length > 0 && value.Split('.').All(part => SyntaxFacts.IsValidIdentifier(part) && SyntaxFacts.GetKeywordKind(part) == SyntaxKind.None);

    private static bool IsIdentifierPart(char character) =>
        character < 128 ? char.IsLetterOrDigit(character) || character == '_' : SyntaxFacts.IsIdentifierPartCharacter(character) && CharUnicodeInfo.GetUnicodeCategory(character) != UnicodeCategory.Format;
}

internal static class StringSimilarity
{
    /// <summary>The closest candidate within a small edit distance (case-insensitive), for "did you mean" messages.</summary>
    public static string? Closest(string value, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
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

internal static class CSharpLiterals
{
    public static string String(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture) + "d";

    /// <summary>Text for an XML doc comment: escaped, on one line.</summary>
    public static string Xml(string value) =>
        value.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\r", " ").Replace("\n", " ").Trim();
}
