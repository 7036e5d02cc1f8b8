using System.Collections.Generic;
using System.Text;
using YamlDotNet.Core;

namespace Dify.Plugin.Generator.Parsing;

/// <summary>
/// Makes YamlDotNet read a manifest the way PyYAML does (the SDK's parser; Go's yaml.v3 in the daemon is of the same
/// libyaml family), in one pass over the text before parsing:
/// <list type="bullet">
/// <item>A tab where a token could start is an error in PyYAML ("found character '\t' that cannot start any token");
/// YamlDotNet accepts it. Tabs stay legal inside quoted scalars, block scalars and comments.</item>
/// <item>A double-quoted scalar's continuation lines may sit at any indentation in PyYAML; YamlDotNet wants them
/// indented past the enclosing block. Their leading white space is folded away, so spaces are inserted there, which
/// changes no value, and every position is mapped back to the original text.</item>
/// <item>Where PyYAML ends a token that YamlDotNet reads on, a space goes in (quotes around a lone <c>-</c>): inside
/// brackets and braces after a <c>?</c> that starts a node (<c>[?a]</c> is a key to PyYAML), after a <c>:</c> that
/// <c>, [ ] { }</c> follows (<c>{a:}</c>), around a <c>-</c> that they follow (<c>[a: -]</c>); anywhere after an
/// anchor's or alias's name that <c>:</c> ends (<c>*x: a</c>, <c>&amp;a:b</c>).</item>
/// </list>
/// </summary>
internal sealed class YamlCompatibility
{
    private readonly List<(int FixedIndex, int Count)> _insertions = new();
    private int _removedAtStart;

    private YamlCompatibility(string text) => Text = text;

    /// <summary>The text to give YamlDotNet.</summary>
    public string Text { get; private set; }

    /// <summary>A tab PyYAML would reject, with its place in the original text.</summary>
    public YamlError? TabError { get; private set; }

    public static YamlCompatibility Prepare(string text)
    {
        // A byte-order mark is no content to PyYAML; YamlDotNet reading a string would make it part of the first key.
        var byteOrderMark = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var result = new YamlCompatibility(byteOrderMark == 0 ? text : text.Substring(1)) { _removedAtStart = byteOrderMark };
        result.Scan(result.Text);
        if (result.TabError is { } tab)
        {
            result.TabError = tab with { Start = result.Shift(tab.Start), End = result.Shift(tab.End) };
        }

        return result;
    }

    /// <summary>A position in <see cref="Text"/> as the same position in the original text.</summary>
    public Mark Map(Mark mark)
    {
        if (_insertions.Count == 0)
        {
            return Shift(mark);
        }

        long shift = 0;
        long column = mark.Column;
        foreach (var (fixedIndex, count) in _insertions)
        {
            if (fixedIndex >= mark.Index)
            {
                break;
            }

            var inserted = (long)System.Math.Min(count, mark.Index - fixedIndex);
            shift += inserted;
            if (mark.Index - mark.Column + 1 <= fixedIndex)
            {
                // The insertion is on the mark's own line, before it.
                column -= inserted;
            }
        }

        return Shift(new Mark(mark.Index - shift, mark.Line, System.Math.Max(1, column)));
    }

    /// <summary>Back over what was removed at the start (a byte-order mark).</summary>
    private Mark Shift(Mark mark) =>
        _removedAtStart == 0 || mark.Line < 1 ? mark : new Mark(mark.Index + _removedAtStart, mark.Line, mark.Line == 1 ? mark.Column + _removedAtStart : mark.Column);

    private void Scan(string text)
    {
        StringBuilder? output = null;
        var copiedUpTo = 0;
        var line = 1;
        var lineStart = 0;
        var blockIndent = -1;
        var inDouble = false;
        var inSingle = false;
        var quoteIndent = 0;
        var flowDepth = 0;

        // The indentation of the line where the outermost open flow collection started.
        var flowIndent = 0;

        // A plain scalar in block context left open at the end of the previous line, and the indentation its
        // continuation lines must exceed (PyYAML's scan_plain: the enclosing block's indentation).
        var plainOpen = false;
        var plainParentIndent = 0;
        var i = 0;
        while (i < text.Length)
        {
            var lineEnd = text.IndexOf('\n', i);
            if (lineEnd < 0)
            {
                lineEnd = text.Length;
            }

            var indent = 0;
            while (lineStart + indent < lineEnd && text[lineStart + indent] == ' ')
            {
                indent++;
            }

            var blank = lineStart + indent >= lineEnd || text[lineStart + indent] == '\r';
            if (blockIndent >= 0 && (blank || indent > blockIndent))
            {
                // Content of a block scalar: anything goes.
                Next();
                continue;
            }

            blockIndent = -1;
            if (inDouble && !blank)
            {
                IndentPast(quoteIndent);
            }
            else if (flowDepth > 0 && !inSingle && !blank && !(indent == 0 && (IsDocumentMarker(text, lineStart, lineEnd) || text[lineStart] == '%')))
            {
                // A line inside a flow collection may sit at any indentation in PyYAML; YamlDotNet wants a plain
                // scalar there indented past the enclosing block. White space at a line's start in a flow collection
                // is no part of any value. A '%' at a line's start stays there: PyYAML reads a directive there.
                IndentPast(flowIndent);
            }

            // Where a node may start (the line's first token, after an indicator and its space, inside a flow
            // collection after '[', '{' or ','): only there does a quote open a quoted scalar, or '|' and '>' a block
            // scalar. A '#' starts a comment only after white space. Inside a plain scalar all three are text, a
            // continuation line of a multi-line plain scalar included: its first character is no node's start.
            var continuesPlain = plainOpen && !blank && !inDouble && !inSingle && flowDepth == 0 && indent > plainParentIndent && text[lineStart + indent] != '#';
            if (!blank)
            {
                // An empty line inside a plain scalar is a line break of it; any other line ends it or continues it.
                plainOpen = continuesPlain;
            }

            var sawKey = false;
            var entryIndicatorColumn = -1;
            var nodeStart = !continuesPlain;
            var afterWhite = true;

            // Right after a quoted scalar's closing quote or a flow collection's closing bracket.
            var afterClosing = false;
            var lastToken = -1;
            for (var j = inDouble || inSingle ? lineStart : lineStart + indent; j < lineEnd; j++)
            {
                var character = text[j];
                if (inDouble)
                {
                    if (character == '\\')
                    {
                        j++;
                    }
                    else if (character == '"')
                    {
                        inDouble = false;
                        nodeStart = false;
                        afterWhite = false;
                        afterClosing = true;
                    }

                    continue;
                }

                if (inSingle)
                {
                    if (character == '\'')
                    {
                        if (j + 1 < lineEnd && text[j + 1] == '\'')
                        {
                            j++;
                        }
                        else
                        {
                            inSingle = false;
                            nodeStart = false;
                            afterWhite = false;
                            afterClosing = true;
                        }
                    }

                    continue;
                }

                switch (character)
                {
                    case '\t':
                        TabError ??= new YamlError(
                            "a tab cannot start a token here; PyYAML, which Dify's SDK reads manifests with, rejects the file. Use spaces",
                            new Mark(j, line, j - lineStart + 1), new Mark(j + 1, line, j - lineStart + 2));
                        afterWhite = true;
                        continue;
                    case ' ':
                        afterWhite = true;
                        continue;
                    case '#' when afterWhite || afterClosing:
                        if (!afterWhite)
                        {
                            // PyYAML skips a comment right after a quoted scalar or a flow collection's end
                            // (scan_to_next_token); YamlDotNet wants white space before it, which changes no value.
                            InsertAt(j, 1);
                        }

                        plainOpen = false;
                        j = lineEnd;
                        continue;
                }

                var rightAfterClosing = afterClosing;
                afterWhite = false;
                afterClosing = false;
                if (nodeStart)
                {
                    switch (character)
                    {
                        case '"':
                            inDouble = true;
                            quoteIndent = KeyIndent(text, lineStart, lineEnd);
                            continue;
                        case '\'':
                            inSingle = true;
                            continue;
                        case '[' or '{':
                            if (flowDepth++ == 0)
                            {
                                flowIndent = KeyIndent(text, lineStart, lineEnd);
                            }

                            lastToken = j;
                            continue;
                        case '&' or '*' when AnchorNameEnd(text, j + 1, lineEnd) is var nameEnd && nameEnd < lineEnd && text[nameEnd] == ':':
                            // PyYAML ends an anchor's or alias's name at ':' (scan_anchor: letters, digits, '-', '_'),
                            // YamlDotNet only at white space: a space before the ':' makes them read the same name.
                            InsertAt(nameEnd, 1);
                            j = nameEnd - 1;
                            afterWhite = true;
                            if (character == '*')
                            {
                                nodeStart = false;
                                lastToken = j;
                            }

                            continue;
                        case '&' or '!':
                            // An anchor or a tag: the node itself comes after it.
                            while (j + 1 < lineEnd && text[j + 1] is not (' ' or '\t' or '\r'))
                            {
                                j++;
                            }

                            continue;
                        case '-' when flowDepth > 0 && j + 1 < lineEnd && text[j + 1] is ',' or ']' or '}':
                            // A '-' that ', ] }' follows is the plain scalar "-" to PyYAML (check_block_entry wants
                            // white space after it); YamlDotNet fails on it ("Invalid key indicator format"). Quoted,
                            // it is the same string.
                            InsertAt(j, 1, '"');
                            InsertAt(j + 1, 1, '"');
                            nodeStart = false;
                            lastToken = j;
                            continue;
                        case '?' when flowDepth > 0 && j + 1 < lineEnd && text[j + 1] is not (' ' or '\t' or '\r'):
                            // Inside brackets or braces '?' always starts a key for PyYAML (check_key), '?a' included;
                            // YamlDotNet reads '?a' as text unless a space follows the '?'.
                            InsertAt(j + 1, 1);
                            continue;
                        case '-' or '?' when IsIndicator(text, j, lineEnd):
                            entryIndicatorColumn = j - lineStart;
                            continue;
                        case ':' when IsIndicator(text, j, lineEnd):
                            sawKey = true;
                            continue;
                        case ',' or ']' or '}' when flowDepth > 0:
                            break;
                        default:
                            lastToken = j;
                            nodeStart = false;
                            if (flowDepth == 0)
                            {
                                // A plain scalar starts: a key's value continues past the key's column, an entry's
                                // past its dash's; a value alone on its line, past the line before's (at least).
                                plainOpen = true;
                                plainParentIndent = sawKey ? KeyIndent(text, lineStart, lineEnd) : entryIndicatorColumn >= 0 ? entryIndicatorColumn : indent - 1;
                            }

                            continue;
                    }
                }

                if (flowDepth > 0 && character is ',' or '[' or '{')
                {
                    if (character != ',')
                    {
                        flowDepth++;
                    }

                    nodeStart = true;
                    lastToken = j;
                }
                else if (flowDepth > 0 && character is ']' or '}')
                {
                    flowDepth--;
                    nodeStart = false;
                    afterClosing = true;
                }
                else if (character == ':' && IsIndicator(text, j, lineEnd))
                {
                    // The plain scalar was a key (or, on a continuation line, PyYAML's error to report).
                    nodeStart = true;
                    sawKey = true;
                    plainOpen = false;
                }
                else if (character == ':' && flowDepth > 0 && j + 1 < lineEnd && text[j + 1] is ',' or '[' or ']' or '{' or '}')
                {
                    // Inside brackets or braces PyYAML ends a plain scalar at a ':' that one of ', [ ] { }' follows and
                    // takes the ':' for a value indicator (scan_plain, check_value); YamlDotNet reads it into the
                    // scalar ('[a:]' as ["a:"]) unless white space follows it.
                    InsertAt(j + 1, 1);
                    nodeStart = true;
                    sawKey = true;
                }
                else if (character == ':' && flowDepth > 0 && rightAfterClosing)
                {
                    // Right after a quoted key or a closed collection inside brackets or braces, ':' is the value
                    // indicator with or without white space after it (check_value): a node may start after it.
                    nodeStart = true;
                    sawKey = true;
                }
            }

            if (!inDouble && !inSingle && lastToken >= 0 && IsBlockIndicator(text, lastToken, lineEnd))
            {
                plainOpen = false;
                blockIndent = sawKey || entryIndicatorColumn < 0 ? KeyIndent(text, lineStart, lineEnd) : entryIndicatorColumn;
            }

            Next();

            void Next()
            {
                i = lineEnd + 1;
                lineStart = i;
                line++;
            }

            // Inserts spaces at the line's start so that it is indented past the given column.
            void IndentPast(int column)
            {
                var count = column + 1 - LeadingWhite(text, lineStart, lineEnd);
                if (count > 0)
                {
                    InsertAt(lineStart, count);
                }
            }

            // Inserts spaces (or another character) before the character at index (of the original text).
            void InsertAt(int index, int count, char filler = ' ')
            {
                output ??= new StringBuilder(text.Length + 64);
                output.Append(text, copiedUpTo, index - copiedUpTo);
                copiedUpTo = index;
                _insertions.Add((output.Length, count));
                output.Append(filler, count);
            }
        }

        if (output is not null)
        {
            output.Append(text, copiedUpTo, text.Length - copiedUpTo);
            Text = output.ToString();
        }
    }

    /// <summary>Where the name of an anchor or alias starting at <paramref name="start"/> ends: PyYAML's name is letters, digits, '-' and '_'.</summary>
    private static int AnchorNameEnd(string text, int start, int end)
    {
        var index = start;
        while (index < end && IsNameCharacter(text[index]))
        {
            index++;
        }

        return index == start ? end : index;
    }

    /// <summary>
    /// Whether PyYAML takes the character into an anchor's, alias's or directive's name (scan_anchor,
    /// scan_directive_name): letters, digits, '-' and '_'.
    /// </summary>
    internal static bool IsNameCharacter(char character) =>
        character is (>= '0' and <= '9') or (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or '-' or '_';

    private static int LeadingWhite(string text, int start, int end)
    {
        var count = 0;
        while (start + count < end && text[start + count] is ' ' or '\t')
        {
            count++;
        }

        return count;
    }

    /// <summary>The column of the line's first key or value, past any <c>- </c> of sequence entries.</summary>
    private static int KeyIndent(string text, int start, int end)
    {
        var j = start;
        while (j < end && (text[j] == ' ' || (text[j] == '-' && j + 1 < end && text[j + 1] == ' ')))
        {
            j++;
        }

        return j - start;
    }

    /// <summary>Whether a document marker (<c>---</c> or <c>...</c>, then white space or the line's end) starts at <paramref name="index"/>.</summary>
    internal static bool IsDocumentMarker(string text, int index, int end) =>
        index + 3 <= end && (string.CompareOrdinal(text, index, "---", 0, 3) == 0 || string.CompareOrdinal(text, index, "...", 0, 3) == 0)
        && (index + 3 == end || text[index + 3] is ' ' or '\t' or '\r');

    /// <summary>Whether the indicator at <paramref name="index"/> (<c>-</c>, <c>?</c>, <c>:</c>) is one: white space or the line's end follows.</summary>
    private static bool IsIndicator(string text, int index, int end) => index + 1 >= end || text[index + 1] is ' ' or '\t' or '\r';

    /// <summary>Whether the line's last token (ignoring a comment) is <c>|</c> or <c>&gt;</c> with optional indicators.</summary>
    private static bool IsBlockIndicator(string text, int token, int end)
    {
        if (text[token] is not ('|' or '>'))
        {
            return false;
        }

        var j = token + 1;
        while (j < end && (text[j] is '+' or '-' || char.IsDigit(text[j])))
        {
            j++;
        }

        while (j < end && text[j] is ' ' or '\t' or '\r')
        {
            j++;
        }

        return j >= end || text[j] == '#';
    }
}
