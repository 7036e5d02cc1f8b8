namespace Dify.Plugin.Generator.Parsing;

/// <summary>
/// The characters and lines <see cref="BlockYamlReader"/> leaves to YamlDotNet whatever they stand in: tabs, carriage
/// returns and YAML's other line breaks, control characters, byte-order marks, lone surrogates, and lines that start
/// with a directive or a document marker.
/// </summary>
internal static class BlockYamlText
{
    public static bool IsInSubset(string text)
    {
        var lineStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var character = text[i];
            if (lineStart && (character == '%' || IsDocumentMarker(text, i)))
            {
                return false;
            }

            lineStart = character == '\n';
            if (character >= ' ' && character < '\u007F')
            {
                continue;
            }

            if (character == '\n')
            {
                continue;
            }

            if (character < '\u00A0' || character is '\u2028' or '\u2029' or '\uFEFF' or '\uFFFE' or '\uFFFF')
            {
                return false;
            }

            if (char.IsHighSurrogate(character))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(character))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDocumentMarker(string text, int index) =>
        index + 2 < text.Length && ((text[index] == '-' && text[index + 1] == '-' && text[index + 2] == '-') || (text[index] == '.' && text[index + 1] == '.' && text[index + 2] == '.'));
}
