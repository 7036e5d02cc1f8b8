using System.Globalization;

namespace AgentTool;

/// <summary>How many words a text has and which occur most often.</summary>
/// <param name="Total">The number of words.</param>
/// <param name="Top">The most frequent words (lower-cased) with their counts, most frequent first, ties alphabetically.</param>
public sealed record WordCounter(int Total, IReadOnlyList<(string Word, int Count)> Top)
{
    /// <summary>Counts the words of <paramref name="text"/>: runs of letters, digits and apostrophes, compared case-insensitively.</summary>
    public static WordCounter Count(string text, int top)
    {
        var words = new List<string>();
        var start = -1;
        for (var index = 0; index <= text.Length; index++)
        {
            var inWord = index < text.Length && (char.IsLetterOrDigit(text[index]) || text[index] == '\'');
            if (inWord && start < 0)
            {
                start = index;
            }
            else if (!inWord && start >= 0)
            {
                words.Add(text[start..index].ToLower(CultureInfo.InvariantCulture));
                start = -1;
            }
        }

        var frequent = words
            .GroupBy(word => word, StringComparer.Ordinal)
            .Select(group => (Word: group.Key, Count: group.Count()))
            .OrderByDescending(pair => pair.Count)
            .ThenBy(pair => pair.Word, StringComparer.Ordinal)
            .Take(top)
            .ToArray();
        return new WordCounter(words.Count, frequent);
    }

    /// <summary>For the model: <c>12 words; most frequent: the (3), cat (2)</c>.</summary>
    public override string ToString() =>
        $"{Total} words; most frequent: {string.Join(", ", Top.Select(pair => $"{pair.Word} ({pair.Count})"))}";
}
