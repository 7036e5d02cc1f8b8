namespace Dify.Plugin.Generator.Parsing;

/// <summary>
/// The flow collections of <see cref="BlockYamlReader"/>: on one line, of plain words and quoted scalars and other
/// such collections (<c>[a, "b"]</c>, <c>{en_US: Ask}</c>). Empty values, trailing commas, single-pair mappings in a
/// sequence and plain scalars with indicator characters are left to YamlDotNet.
/// </summary>
internal sealed partial class BlockYamlReader
{
    /// <summary>A flow collection at the cursor; YamlDotNet marks it from its opening bracket to its closing one.</summary>
    private YamlNode? ReadFlowCollection()
    {
        if (_openCollections >= MaxOpenCollections || !Count())
        {
            return null;
        }

        var isMapping = Current == '{';
        var close = isMapping ? '}' : ']';
        YamlNode collection = isMapping ? new YamlMapping(Here, Here) : new YamlSequence(Here, Here);
        _openCollections++;
        _position++;
        long size = 1;
        SkipSpaces();
        while (AtEnd || Current != close)
        {
            var first = ReadFlowNode(isKey: isMapping);
            if (first is null)
            {
                return null;
            }

            SkipSpaces();
            if (isMapping)
            {
                if (AtEnd || Current != ':' || !IsBlankOrEnd(_position + 1))
                {
                    return null;
                }

                var mapping = (YamlMapping)collection;
                var key = (YamlScalar)first;
                if (IsLeftToYamlDotNet(key))
                {
                    return null;
                }

                WarnIfRepeated(mapping, key);
                _position++;
                SkipSpaces();
                var value = ReadFlowNode(isKey: false);
                if (value is null)
                {
                    return null;
                }

                mapping.Add(key, value);
                size += 1 + value.ExpandedSize;
                SkipSpaces();
            }
            else
            {
                ((YamlSequence)collection).Items.Add(first);
                size += first.ExpandedSize;
            }

            if (!AtEnd && Current == ',')
            {
                _position++;
                SkipSpaces();
                if (AtEnd || Current == close)
                {
                    return null;
                }
            }
            else if (AtEnd || Current != close)
            {
                return null;
            }
        }

        collection.End = Here;
        collection.ExpandedSize = size;
        _position++;
        _openCollections--;
        return collection;
    }

    /// <summary>An entry of a flow collection: a nested one, a quoted scalar on this line, or a plain scalar of ordinary characters.</summary>
    private YamlNode? ReadFlowNode(bool isKey)
    {
        if (AtEnd)
        {
            return null;
        }

        YamlNode? node;
        switch (Current)
        {
            case '[' or '{':
                return isKey ? null : ReadFlowCollection();
            case '\'':
                node = ReadSingleQuoted(int.MaxValue);
                break;
            case '"':
                node = ReadDoubleQuoted();
                break;
            default:
                node = ReadFlowPlain();
                break;
        }

        return node is not null && Count() ? node : null;
    }

    private YamlScalar? ReadFlowPlain()
    {
        var start = _position;
        if (!StartsPlain(start) || Current is '-' or '?' or ':')
        {
            return null;
        }

        while (!AtEnd && Current is not (',' or '[' or ']' or '{' or '}' or '\n' or ':'))
        {
            // A quote after a word (Dify's) is text; after a space or bracket this reader declines, conservatively, so that it
            // never has to match how YamlCompatibility's scan reads such a quote in a flow collection.
            // PyYAML ends a plain scalar at '?' inside a flow collection (scan_plain); YamlDotNet's path rejects it there.
            if (Current is '#' or '|' or '>' or '?' || (Current is '"' or '\'' && _text[_position - 1] is ' ' or '[' or '{' or ',' or ':' or '-' or '?'))
            {
                return null;
            }

            _position++;
        }

        var end = _position;
        while (_text[end - 1] == ' ')
        {
            end--;
        }

        _position = end;
        var value = _text.Substring(start, end - start);
        return YamlTreeReader.MayBeRefusedPlain(value) ? null : new YamlScalar(value, YamlDotNet.Core.ScalarStyle.Plain, MarkAt(start), MarkAt(end));
    }
}
