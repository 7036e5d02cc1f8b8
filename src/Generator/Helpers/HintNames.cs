using System;
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
    /// The hint of a tool's parameter record, unique among the records of the plugin: names are claimed in manifest-path
    /// order, skipping duplicate tools (DIFY1040), so each manifest's hint is the same whichever output asks.
    /// </summary>
    public static string ForRecord(EquatableArray<ToolKey> names, string recordName)
    {
        var hints = new UniqueNames(Array.Empty<string>(), StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            if (ReferenceEquals(ToolKey.FirstDeclaration(names, name.Name, name.RecordName), name))
            {
                var hint = hints.Claim(Readable(name.RecordName));
                if (name.RecordName == recordName)
                {
                    return hint + ".g.cs";
                }
            }
        }

        return hints.Claim(Readable(recordName)) + ".g.cs";
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
