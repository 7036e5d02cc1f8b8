using YamlDotNet.Core;

namespace Dify.Plugin.Generator.Parsing;

/// <summary>
/// Places a key that has no <c>:</c> after it where PyYAML places it. YamlDotNet reports such a key where it starts
/// ("While parsing a block mapping, did not find expected key", the same for a block collection's '-', or "While
/// scanning a simple key" at the end of the text). PyYAML's scanner keeps a key that starts at a block collection's
/// indentation possible until it fetches a token on a later line, and rejects it only then, at that token or at the end
/// of the text ("could not find expected ':'", <c>stale_possible_simple_keys</c> and <c>fetch_stream_end</c> in
/// scanner.py).
/// </summary>
internal static class KeyWithoutColon
{
    /// <summary>
    /// Where PyYAML rejects the key YamlDotNet reports at <paramref name="key"/>; null when the key is not one this
    /// places: not the first token on its line, not a token that can start a key, a quoted key or flow collection that
    /// goes on past its line, or a key whose next line is indented further (a plain key would go on there).
    /// </summary>
    public static Mark? PyYamlMark(string text, Mark key)
    {
        var index = (int)key.Index;
        if (index >= text.Length || !StartsKey(text, index) || !OnlySpacesBefore(text, index) || !AtIndentationOfBlockAbove(text, index - ((int)key.Column - 1), (int)key.Column - 1))
        {
            return null;
        }

        var lineEnd = EndOfLine(text, index);
        if ((text[index] is '"' or '\'' && !ClosesBefore(text, index, lineEnd)) || (text[index] is '[' or '{' && !ClosesFlowOnLine(text, index, lineEnd)))
        {
            return null;
        }

        return HasValueIndicator(text, index, lineEnd) ? null : NextToken(text, lineEnd, (int)key.Line, (int)key.Column, index - ((int)key.Column - 1));
    }

    /// <summary>Whether PyYAML's scanner can save a possible simple key at a token starting here, in block context.</summary>
    private static bool StartsKey(string text, int index)
    {
        var character = text[index];
        var next = index + 1 < text.Length ? text[index + 1] : '\0';
        return character switch
        {
            '"' or '\'' or '&' or '*' or '!' => true,
            '-' or '?' or ':' => next is not (' ' or '\t' or '\r' or '\n' or '\0'),
            ' ' or '\t' or '\r' or '\n' or ',' or ']' or '}' or '#' or '|' or '>' or '%' or '@' or '`' => false,
            _ => true,
        };
    }

    /// <summary>
    /// Whether the key stands at the indentation of a block collection opened above it, so that PyYAML requires a ':'
    /// after it. The nearest line above (blank and comment lines aside) indented no deeper than the key opens
    /// collections at its first token and after each leading '- ', '? ' or ': ' where an entry follows (a compact nested
    /// collection: another of those indicators, or a key and its ':'); a key indented deeper than all of them is not
    /// required, and PyYAML's parser rejects it at the key instead. A line inside a flow collection (one that the lines
    /// below it close) sets no indentation.
    /// </summary>
    private static bool AtIndentationOfBlockAbove(string text, int lineStart, int column)
    {
        var end = lineStart - 1;

        // Brackets and braces closed below the line looked at and not yet opened: the line is inside a flow collection.
        var unclosed = 0;
        while (end > 0)
        {
            var start = end - 1;
            while (start >= 0 && text[start] is not ('\n' or '\r'))
            {
                start--;
            }

            start++;
            var position = start;
            while (position < end && text[position] == ' ')
            {
                position++;
            }

            var blank = position >= end || text[position] is '#' or '\r' or '\n';
            unclosed += FlowBalance(text, position, end);
            if (!blank && position - start <= column && unclosed <= 0)
            {
                var first = true;
                while (true)
                {
                    var opens = first || IsIndicator(text, position, end) || HasValueIndicator(text, position, end);
                    if (position - start == column)
                    {
                        return opens;
                    }

                    if (!IsIndicator(text, position, end))
                    {
                        return false;
                    }

                    first = false;
                    position++;
                    while (position < end && text[position] == ' ')
                    {
                        position++;
                    }
                }
            }

            end = start - 1;
        }

        return false;
    }

    /// <summary>Whether the flow collection opened at <paramref name="index"/> closes on its line (quotes aside).</summary>
    private static bool ClosesFlowOnLine(string text, int index, int lineEnd)
    {
        var depth = 0;
        for (var position = index; position < lineEnd; position++)
        {
            if (text[position] is '"' or '\'')
            {
                return false;
            }

            depth += text[position] switch
            {
                '[' or '{' => 1,
                ']' or '}' => -1,
                _ => 0,
            };
            if (depth == 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsIndicator(string text, int position, int end) =>
        position + 1 < end && text[position] is '-' or '?' or ':' && text[position + 1] == ' ';

    /// <summary>How many more brackets and braces the line closes than it opens (quotes aside).</summary>
    private static int FlowBalance(string text, int start, int end)
    {
        var balance = 0;
        for (var position = start; position < end; position++)
        {
            balance += text[position] switch
            {
                '[' or '{' => -1,
                ']' or '}' => 1,
                _ => 0,
            };
        }

        return balance;
    }

    private static bool OnlySpacesBefore(string text, int index)
    {
        for (var position = index - 1; position >= 0 && text[position] is not ('\n' or '\r'); position--)
        {
            if (text[position] != ' ')
            {
                return false;
            }
        }

        return true;
    }

    private static int EndOfLine(string text, int index)
    {
        var position = index;
        while (position < text.Length && text[position] is not ('\n' or '\r'))
        {
            position++;
        }

        return position;
    }

    /// <summary>
    /// Whether a <c>:</c> followed by a space or the line's end stands on the key's line (outside a quoted key): then the
    /// key has its <c>:</c>, and YamlDotNet refused the line for another reason, such as its indentation.
    /// </summary>
    private static bool HasValueIndicator(string text, int index, int lineEnd)
    {
        var depth = 0;
        for (var position = index; position < lineEnd; position++)
        {
            switch (text[position])
            {
                case '[' or '{':
                    depth++;
                    break;
                case ']' or '}':
                    depth--;
                    break;
                case '#' when position > index && text[position - 1] is ' ' or '\t':
                    return false;
                case ':' when depth <= 0 && (position + 1 == lineEnd || text[position + 1] is ' ' or '\t'):
                    return true;
            }
        }

        return false;
    }

    /// <summary>Whether the quoted scalar opened at <paramref name="index"/> closes before <paramref name="lineEnd"/>.</summary>
    private static bool ClosesBefore(string text, int index, int lineEnd)
    {
        var quote = text[index];
        for (var position = index + 1; position < lineEnd; position++)
        {
            if (quote == '"' && text[position] == '\\')
            {
                position++;
            }
            else if (text[position] == quote)
            {
                if (quote == '\'' && position + 1 < lineEnd && text[position + 1] == '\'')
                {
                    position++;
                }
                else
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Where PyYAML's <c>scan_to_next_token</c> stops after the key's line: past spaces (not tabs), comments and line
    /// breaks, at the next token or the end of the text (where <c>fetch_stream_end</c> rejects the key, on its own line
    /// when the text does not end with a line break).
    /// </summary>
    private static Mark? NextToken(string text, int position, int line, int keyColumn, int keyLineStart)
    {
        var lineStart = -1;
        while (position < text.Length)
        {
            if (text[position] is '\r' or '\n')
            {
                position += text[position] == '\r' && position + 1 < text.Length && text[position + 1] == '\n' ? 2 : 1;
                line++;
                lineStart = position;
                continue;
            }

            if (text[position] == ' ')
            {
                position++;
                continue;
            }

            if (text[position] == '#')
            {
                position = EndOfLine(text, position);
                continue;
            }

            break;
        }

        if (lineStart < 0)
        {
            return new Mark(position, line, position - keyLineStart + 1);
        }

        var column = position - lineStart + 1;
        return position < text.Length && column > keyColumn ? null : new Mark(position, line, column);
    }
}
