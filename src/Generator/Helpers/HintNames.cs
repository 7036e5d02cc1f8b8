using System;
using System.Collections.Generic;
using System.Linq;
using Dify.Plugin.Generator.Model;

namespace Dify.Plugin.Generator.Helpers;

/// <summary>
/// Hint names become file names, and Roslyn requires them unique ignoring case. They keep ASCII letters, digits, dots and
/// underscores; text that lost anything to that (<c>搜索Tool</c> and <c>翻译Tool</c> both become <c>__Tool</c>), or
/// that could clash with another by case alone, gets a stable hash of the exact text.
/// </summary>
internal static class HintNames
{
    /// <summary>
    /// Gives each tool's parameter record a hint unique among the plugin's records, in one pass: names are claimed in
    /// manifest-path order, and a duplicate tool (DIFY1040, which generates nothing) claims none.
    /// </summary>
    public static EquatableArray<ToolKey> AssignRecordHints(IEnumerable<ToolKey> keys)
    {
        var hints = new UniqueNames(Array.Empty<string>(), StringComparer.OrdinalIgnoreCase);
        var toolNames = new HashSet<string>(StringComparer.Ordinal);
        var recordNames = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<ToolKey>();
        foreach (var key in keys)
        {
            var first = !toolNames.Contains(key.Name) && !recordNames.Contains(key.RecordName);
            toolNames.Add(key.Name);
            recordNames.Add(key.RecordName);
            result.Add(first ? key with { RecordHint = hints.Claim(Readable(key.RecordName)) + ".g.cs" } : key);
        }

        return result.ToEquatableArray();
    }

    /// <summary>A readable base for a hint; callers make it unique in their batch.</summary>
    public static string Readable(string text)
    {
        var safe = Sanitize(text);
        return safe == text ? safe : safe + "." + Identifiers.StableHash(text);
    }

    private static string Sanitize(string text) =>
        new string(text.Select(character => character < 128 && (char.IsLetterOrDigit(character) || character == '.') ? character : '_').ToArray());
}
