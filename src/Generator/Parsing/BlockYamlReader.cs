using System.Collections.Generic;
using Dify.Plugin.Generator.Diagnostics;
using YamlDotNet.Core;

namespace Dify.Plugin.Generator.Parsing;

/// <summary>
/// Reads the block-YAML subset that manifests are written in (block mappings and sequences, plain, quoted and block
/// scalars, comments, one-line flow collections) straight from the string into the node tree, with the values,
/// styles and marks YamlDotNet's parser gives (through <see cref="YamlTreeReader"/>). Whatever it is not sure to read
/// exactly as that path would (tabs, anchors, tags, multi-line flow, multi-line double quotes, anything malformed, texts
/// near the limits) it declines, returning null, and the YamlDotNet path reads the text and reports its problems.
/// </summary>
internal sealed partial class BlockYamlReader
{
    // Below MaxDepth, so that the fast path never stands where the slow one reports a depth error.
    private const int MaxOpenCollections = YamlTreeReader.MaxDepth - 2;

    // libyaml (and YamlDotNet) accept a simple key of at most 1024 characters; well below it nothing is in doubt.
    private const int MaxKeyLength = 1000;

    private readonly string _text;
    private readonly List<YamlError> _warnings = new();
    private int _position;
    private int _line = 1;
    private int _lineStart;
    private int _nodes;
    private int _openCollections;

    private BlockYamlReader(string text) => _text = text;

    /// <summary>The tree YamlDotNet would give for <paramref name="text"/>, or null when the text is outside the subset.</summary>
    public static (YamlNode? Root, YamlError? Error, List<YamlError> Warnings)? TryRead(string text)
    {
        if (!BlockYamlText.IsInSubset(text))
        {
            return null;
        }

        var reader = new BlockYamlReader(text);
        var root = reader.ReadDocument();
        if (root is null)
        {
            return null;
        }

        return (root, null, reader._warnings);
    }

    private bool AtEnd => _position >= _text.Length;

    private char Current => _text[_position];

    private int Column => _position - _lineStart;

    private Mark MarkAt(int index) => new(index, _line, index - _lineStart + 1);

    private Mark Here => MarkAt(_position);

    /// <summary>Where YamlDotNet puts the events that close the stream: a line past the last one when the text does not end with a break.</summary>
    private Mark EndOfStream => new(_text.Length, _text.Length > _lineStart ? _line + 1 : _line, 1);

    /// <summary>
    /// Where YamlDotNet closes a block collection at <paramref name="indent"/>: at the next token, or at the end
    /// where the scanner stops (collections deeper than its column) or a line past it (the others, with the stream).
    /// </summary>
    private Mark EndMark(int indent) => !AtEnd || indent > Column ? Here : EndOfStream;

    private YamlNode? ReadDocument()
    {
        SkipToToken();
        if (AtEnd || Column != 0)
        {
            return null;
        }

        var root = ReadBlockNode(-1);
        if (root is not (YamlMapping or YamlSequence))
        {
            return null;
        }

        SkipToToken();
        return AtEnd ? root : null;
    }

    /// <summary>A node that starts at the current token, which is on a line of its own, in a block indented by <paramref name="parentIndent"/>.</summary>
    private YamlNode? ReadBlockNode(int parentIndent)
    {
        if (IsEntryIndicator(_position))
        {
            return ReadBlockSequence(indentless: false);
        }

        return IsKeyAhead() ? ReadBlockMapping() : ReadScalarOnItsLine(parentIndent);
    }

    private YamlNode? ReadBlockMapping()
    {
        if (_openCollections >= MaxOpenCollections || !Count())
        {
            return null;
        }

        var indent = Column;
        var mapping = new YamlMapping(Here, Here);
        _openCollections++;
        long size = 1;
        while (true)
        {
            var key = ReadKey();
            if (key is null)
            {
                return null;
            }

            WarnIfRepeated(mapping, key);
            var value = ReadValueAfterIndicator(indent, inMapping: true);
            if (value is null)
            {
                return null;
            }

            mapping.Add(key, value);
            size += 1 + value.ExpandedSize;
            SkipToToken();
            if (AtEnd || Column < indent)
            {
                break;
            }

            if (Column > indent || IsEntryIndicator(_position))
            {
                return null;
            }
        }

        _openCollections--;
        mapping.End = EndMark(indent);
        mapping.ExpandedSize = size;
        return mapping;
    }

    private YamlNode? ReadBlockSequence(bool indentless)
    {
        if (_openCollections >= MaxOpenCollections || !Count())
        {
            return null;
        }

        var indent = Column;
        var sequence = new YamlSequence(Here, indentless ? MarkAt(_position + 1) : Here);
        _openCollections++;
        long size = 1;
        while (true)
        {
            _position++;
            var item = ReadValueAfterIndicator(indent, inMapping: false);
            if (item is null)
            {
                return null;
            }

            sequence.Items.Add(item);
            size += item.ExpandedSize;
            SkipToToken();
            if (AtEnd || Column < indent || (indentless && Column == indent && !IsEntryIndicator(_position)))
            {
                break;
            }

            if (Column > indent || !IsEntryIndicator(_position))
            {
                return null;
            }
        }

        _openCollections--;
        sequence.End = EndMark(indent);
        sequence.ExpandedSize = size;
        return sequence;
    }

    /// <summary>
    /// The value after a key's <c>:</c> or an entry's <c>-</c> (the cursor is just past it), in a collection at
    /// <paramref name="indent"/>: on the same line, on the lines below, or empty.
    /// </summary>
    private YamlNode? ReadValueAfterIndicator(int indent, bool inMapping)
    {
        var afterIndicator = Here;
        SkipSpaces();
        if (AtEnd || Current is '\n' or '#')
        {
            SkipToToken();
            if (!AtEnd && Column > indent)
            {
                return ReadBlockNode(indent);
            }

            if (inMapping && !AtEnd && Column == indent && IsEntryIndicator(_position))
            {
                return ReadBlockSequence(indentless: true);
            }

            return Count() ? new YamlScalar(string.Empty, ScalarStyle.Plain, afterIndicator, afterIndicator) : null;
        }

        if (!inMapping)
        {
            // A compact collection inside a sequence entry: "- key: value" or "- - item".
            if (IsEntryIndicator(_position))
            {
                return ReadBlockSequence(indentless: false);
            }

            if (IsKeyAhead())
            {
                return ReadBlockMapping();
            }
        }

        return ReadScalarOnItsLine(indent);
    }

    /// <summary>A key (plain or quoted, on one line) and its <c>:</c>, leaving the cursor past the colon.</summary>
    private YamlScalar? ReadKey()
    {
        var startLine = _line;
        var key = Current switch
        {
            '\'' => ReadSingleQuoted(int.MaxValue),
            '"' => ReadDoubleQuoted(),
            // YamlDotNet can misplace the mapping of a key that starts with an indicator character ("?{k: v").
            '?' => null,
            _ => StartsPlain(_position) ? ReadPlain(int.MaxValue) : null,
        };
        if (key is null || _line != startLine || IsLeftToYamlDotNet(key) || !Count())
        {
            return null;
        }

        SkipSpaces();
        if (AtEnd || Current != ':' || !IsBlankOrEnd(_position + 1))
        {
            return null;
        }

        _position++;
        return key;
    }

    /// <summary>
    /// Whether a key is one the YamlDotNet path treats specially: YamlDotNet reads the first key of a mapping whose plain
    /// text has <c> *</c> in it as no key at all; a key near libyaml's 1024-character limit for simple keys. (A plain
    /// <c>&lt;&lt;</c>, a merge key, never gets here: <see cref="ReadPlain"/> leaves it to that path, as
    /// <see cref="YamlTreeReader.MayBeRefusedPlain"/> says.)
    /// </summary>
    private static bool IsLeftToYamlDotNet(YamlScalar key) =>
        key.End.Index - key.Start.Index > MaxKeyLength || (key.IsPlain && key.Value.Contains(" *"));

    /// <summary>A scalar or flow collection starting at the cursor, after which only a comment may follow on its last line.</summary>
    private YamlNode? ReadScalarOnItsLine(int indent)
    {
        YamlNode? node;
        switch (Current)
        {
            case '|' or '>':
                return ReadBlockScalar(indent);
            case '\'':
                node = ReadSingleQuoted(indent);
                break;
            case '"':
                node = ReadDoubleQuoted();
                break;
            case '[' or '{':
                node = ReadFlowCollection();
                break;
            default:
                node = StartsPlain(_position) ? ReadPlain(indent) : null;
                break;
        }

        if (node is null || (node is YamlScalar && !Count()))
        {
            return null;
        }

        SkipSpaces();
        return AtEnd || Current is '\n' || (Current == '#' && _text[_position - 1] == ' ') ? node : null;
    }

    /// <summary>Whether the plain or quoted scalar at the cursor is followed on its line by <c>:</c> and a blank (a key).</summary>
    private bool IsKeyAhead()
    {
        var i = _position;
        var lineEnd = LineEnd(i);
        switch (_text[i])
        {
            case '\'' or '"':
                var quote = _text[i];
                for (i++; i < lineEnd; i++)
                {
                    if (_text[i] == '\\' && quote == '"')
                    {
                        i++;
                    }
                    else if (_text[i] == quote)
                    {
                        if (quote == '\'' && i + 1 < lineEnd && _text[i + 1] == '\'')
                        {
                            i++;
                            continue;
                        }

                        break;
                    }
                }

                if (i >= lineEnd)
                {
                    return false;
                }

                i++;
                while (i < lineEnd && _text[i] == ' ')
                {
                    i++;
                }

                return i < lineEnd && _text[i] == ':' && IsBlankOrEnd(i + 1);
            default:
                if (!StartsPlain(i))
                {
                    return false;
                }

                for (; i < lineEnd; i++)
                {
                    if (_text[i] == ':' && IsBlankOrEnd(i + 1))
                    {
                        return true;
                    }

                    if (_text[i] == '#' && _text[i - 1] == ' ')
                    {
                        return false;
                    }
                }

                return false;
        }
    }

    /// <summary>Warns of a repeated key when it is read, before its value, in the order the YamlDotNet path warns.</summary>
    private void WarnIfRepeated(YamlMapping mapping, YamlScalar key)
    {
        if (mapping.FirstKey(key.Value) is { } first)
        {
            _warnings.Add(YamlTreeReader.RepeatedKey(key, first));
        }
    }

    private bool Count() => ++_nodes <= ManifestLimits.MaxNodes;

    private int LineEnd(int from)
    {
        var end = _text.IndexOf('\n', from);
        return end < 0 ? _text.Length : end;
    }

    private bool IsBlankOrEnd(int index) => index >= _text.Length || _text[index] is ' ' or '\n';

    private bool IsEntryIndicator(int index) => _text[index] == '-' && IsBlankOrEnd(index + 1);

    /// <summary>
    /// Whether a plain scalar may start here in block context: no indicator, or <c>-</c> or <c>?</c> followed by a
    /// non-blank. YAML allows <c>:</c> so too, but YamlDotNet reads <c>"key": :x</c> as <c>x</c>.
    /// </summary>
    private bool StartsPlain(int index) => _text[index] switch
    {
        '-' or '?' => !IsBlankOrEnd(index + 1),
        ':' or ',' or '[' or ']' or '{' or '}' or '#' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`' or ' ' or '\n' => false,
        _ => true,
    };

    private void SkipSpaces()
    {
        while (!AtEnd && Current == ' ')
        {
            _position++;
        }
    }

    /// <summary>Past spaces, comments and line breaks to the next token (or the end).</summary>
    private void SkipToToken()
    {
        while (!AtEnd)
        {
            switch (Current)
            {
                case ' ':
                    _position++;
                    break;
                case '#' when _position == _lineStart || _text[_position - 1] == ' ':
                    _position = LineEnd(_position);
                    break;
                case '\n':
                    NewLine();
                    break;
                default:
                    return;
            }
        }
    }

    /// <summary>Past the line break at the cursor.</summary>
    private void NewLine()
    {
        _position++;
        _line++;
        _lineStart = _position;
    }
}
