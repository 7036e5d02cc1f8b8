using System.Globalization;
using System.Text;
using YamlDotNet.Core;

namespace Dify.Plugin.Generator.Parsing;

/// <summary>The scalars of <see cref="BlockYamlReader"/>, folded as libyaml's scanner (which YamlDotNet ports) folds them.</summary>
internal sealed partial class BlockYamlReader
{
    /// <summary>
    /// A plain scalar; its continuation lines must be indented past <paramref name="indent"/> (the enclosing block's
    /// column; <see cref="int.MaxValue"/> for a key, which stays on one line). The cursor ends after its last character.
    /// </summary>
    private YamlScalar? ReadPlain(int indent)
    {
        var start = Here;
        StringBuilder? folded = null;
        var segmentStart = _position;
        while (true)
        {
            while (!AtEnd && Current != '\n' && !(Current == ':' && IsBlankOrEnd(_position + 1)) && !(Current == '#' && _text[_position - 1] == ' '))
            {
                _position++;
            }

            var segmentEnd = _position;
            while (segmentEnd > segmentStart && _text[segmentEnd - 1] == ' ')
            {
                segmentEnd--;
            }

            if (segmentEnd == segmentStart)
            {
                return null;
            }

            folded?.Append(_text, segmentStart, segmentEnd - segmentStart);
            var end = MarkAt(segmentEnd);
            if (AtEnd || Current != '\n')
            {
                _position = segmentEnd;
                return Scalar(end);
            }

            var (line, lineStart) = (_line, _lineStart);
            var breaks = 0;
            while (!AtEnd && Current == '\n')
            {
                NewLine();
                breaks++;
                SkipSpaces();
            }

            if (AtEnd || Column <= indent || Current == '#')
            {
                (_position, _line, _lineStart) = (segmentEnd, line, lineStart);
                return Scalar(end);
            }

            folded ??= new StringBuilder().Append(_text, (int)start.Index, segmentEnd - (int)start.Index);
            if (breaks == 1)
            {
                folded.Append(' ');
            }
            else
            {
                folded.Append('\n', breaks - 1);
            }

            segmentStart = _position;
        }

        YamlScalar? Scalar(Mark end)
        {
            var value = folded?.ToString() ?? _text.Substring((int)start.Index, (int)(end.Index - start.Index));
            return YamlTreeReader.MayBeRefusedPlain(value) ? null : new YamlScalar(value, ScalarStyle.Plain, start, end);
        }
    }

    /// <summary>A single-quoted scalar, whose continuation lines must be indented past <paramref name="indent"/>.</summary>
    private YamlScalar? ReadSingleQuoted(int indent)
    {
        var start = Here;
        _position++;
        if (Simple('\'') is { } simple)
        {
            return new YamlScalar(simple, ScalarStyle.SingleQuoted, start, Here);
        }

        var value = new StringBuilder();
        var pendingSpaces = 0;
        while (!AtEnd)
        {
            switch (Current)
            {
                case '\'' when _position + 1 < _text.Length && _text[_position + 1] == '\'':
                    value.Append(' ', pendingSpaces).Append('\'');
                    pendingSpaces = 0;
                    _position += 2;
                    break;
                case '\'':
                    _position++;
                    return new YamlScalar(value.Append(' ', pendingSpaces).ToString(), ScalarStyle.SingleQuoted, start, Here);
                case ' ':
                    pendingSpaces++;
                    _position++;
                    break;
                case '\n':
                    pendingSpaces = 0;
                    var breaks = 0;
                    while (!AtEnd && Current == '\n')
                    {
                        NewLine();
                        breaks++;
                        SkipSpaces();
                    }

                    if (AtEnd || Column <= indent)
                    {
                        return null;
                    }

                    if (breaks == 1)
                    {
                        value.Append(' ');
                    }
                    else
                    {
                        value.Append('\n', breaks - 1);
                    }

                    break;
                default:
                    value.Append(' ', pendingSpaces).Append(Current);
                    pendingSpaces = 0;
                    _position++;
                    break;
            }
        }

        return null;
    }

    /// <summary>A double-quoted scalar on one line (one that spans lines goes through the compatibility pre-pass instead).</summary>
    private YamlScalar? ReadDoubleQuoted()
    {
        var start = Here;
        _position++;
        if (Simple('"') is { } simple)
        {
            return new YamlScalar(simple, ScalarStyle.DoubleQuoted, start, Here);
        }

        var value = new StringBuilder();
        while (!AtEnd && Current != '\n')
        {
            var character = Current;
            _position++;
            if (character == '"')
            {
                return new YamlScalar(value.ToString(), ScalarStyle.DoubleQuoted, start, Here);
            }

            if (character != '\\')
            {
                value.Append(character);
                continue;
            }

            if (AtEnd || !AppendEscape(value))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// The text up to the closing <paramref name="quote"/> on this line when nothing in it needs unescaping (most
    /// quoted scalars), leaving the cursor past the quote; null, with the cursor unmoved, otherwise.
    /// </summary>
    private string? Simple(char quote)
    {
        for (var i = _position; i < _text.Length; i++)
        {
            var character = _text[i];
            if (character == quote)
            {
                if (quote == '\'' && i + 1 < _text.Length && _text[i + 1] == '\'')
                {
                    return null;
                }

                var text = _text.Substring(_position, i - _position);
                _position = i + 1;
                return text;
            }

            if (character == '\n' || (character == '\\' && quote == '"'))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>The escape after a backslash (the cursor is on its letter); false for those left to YamlDotNet.</summary>
    private bool AppendEscape(StringBuilder value)
    {
        var letter = Current;
        _position++;
        switch (letter)
        {
            case '0': value.Append('\0'); return true;
            case 'a': value.Append('\a'); return true;
            case 'b': value.Append('\b'); return true;
            case 't': value.Append('\t'); return true;
            case 'n': value.Append('\n'); return true;
            case 'v': value.Append('\v'); return true;
            case 'f': value.Append('\f'); return true;
            case 'r': value.Append('\r'); return true;
            case 'e': value.Append('\x1B'); return true;
            case ' ': value.Append(' '); return true;
            case '"': value.Append('"'); return true;
            case '\\': value.Append('\\'); return true;
            case '/': value.Append('/'); return true;
            case 'N': value.Append('\u0085'); return true;
            case '_': value.Append('\u00A0'); return true;
            case 'L': value.Append('\u2028'); return true;
            case 'P': value.Append('\u2029'); return true;
            case 'x' or 'u':
                var digits = letter == 'x' ? 2 : 4;
                if (_position + digits > _text.Length
                    || !int.TryParse(_text.Substring(_position, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                    || code is >= 0xD800 and <= 0xDFFF)
                {
                    return false;
                }

                _position += digits;
                value.Append((char)code);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// A literal (<c>|</c>) or folded (<c>&gt;</c>) block scalar with an optional chomping indicator, its content
    /// indented past <paramref name="indent"/>; it ends, as libyaml's does, at the start of the first line that is
    /// not part of it.
    /// </summary>
    private YamlScalar? ReadBlockScalar(int indent)
    {
        var start = Here;
        var literal = Current == '|';
        _position++;
        var chomping = AtEnd ? 0 : Current switch { '-' => -1, '+' => 1, _ => 0 };
        if (chomping != 0)
        {
            _position++;
        }

        SkipSpaces();
        if (!AtEnd && Current == '#' && _text[_position - 1] == ' ')
        {
            _position = LineEnd(_position);
        }

        if (AtEnd || Current != '\n' || !Count())
        {
            return null;
        }

        NewLine();
        var trailingBreaks = 0;
        var leadingIndent = 0;
        while (true)
        {
            var spaces = CountSpaces(_position);
            if (_position + spaces >= _text.Length)
            {
                return null;
            }

            if (_text[_position + spaces] != '\n')
            {
                // YamlDotNet rejects some leading blank lines with spaces in them ("extra spaces in first line").
                if (leadingIndent > 0 || spaces <= indent)
                {
                    return null;
                }

                _position += spaces;
                break;
            }

            leadingIndent = System.Math.Max(leadingIndent, spaces);
            trailingBreaks++;
            _position += spaces;
            NewLine();
        }

        var blockIndent = Column;
        var value = new StringBuilder();
        var leadingBreak = false;
        var leadingBlank = false;
        (int Position, int Line, int LineStart) end;
        while (true)
        {
            var trailingBlank = Current == ' ';
            if (!literal && leadingBreak && !leadingBlank && !trailingBlank)
            {
                if (trailingBreaks == 0)
                {
                    value.Append(' ');
                }

                leadingBreak = false;
            }

            if (leadingBreak)
            {
                value.Append('\n');
                leadingBreak = false;
            }

            value.Append('\n', trailingBreaks);
            trailingBreaks = 0;
            leadingBlank = Current == ' ';
            var lineEnd = LineEnd(_position);

            value.Append(_text, _position, lineEnd - _position);
            _position = lineEnd;
            if (AtEnd)
            {
                end = (_position, _line, _lineStart);
                break;
            }

            NewLine();
            leadingBreak = true;
            while (true)
            {
                end = (_position, _line, _lineStart);
                while (!AtEnd && Column < blockIndent && Current == ' ')
                {
                    _position++;
                }

                if (AtEnd || Current != '\n')
                {
                    break;
                }

                trailingBreaks++;
                NewLine();
            }

            if (AtEnd || Column != blockIndent)
            {
                break;
            }
        }

        if (chomping != -1 && leadingBreak)
        {
            value.Append('\n');
        }

        if (chomping == 1)
        {
            value.Append('\n', trailingBreaks);
        }

        (_position, _line, _lineStart) = end;
        return new YamlScalar(value.ToString(), literal ? ScalarStyle.Literal : ScalarStyle.Folded, start, Here);
    }

    private int CountSpaces(int from)
    {
        var i = from;
        while (i < _text.Length && _text[i] == ' ')
        {
            i++;
        }

        return i - from;
    }
}
