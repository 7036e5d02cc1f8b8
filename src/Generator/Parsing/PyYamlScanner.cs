using System.IO;
using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;

namespace Dify.Plugin.Generator.Parsing;

/// <summary>
/// YamlDotNet's scanner, with the tokens it reads differently from PyYAML (<c>scanner.py</c>) put right, or rejected at
/// the character where PyYAML's reading departs from it:
/// <list type="bullet">
/// <item>Outside brackets and braces, a plain scalar may start with <c>:</c>. After a flow collection, YamlDotNet drops
/// that <c>:</c> from the first plain scalar that follows, as if it joined a key to its value (<c>x: [a]</c>, then
/// <c>'k': :a</c> read <c>k</c> as <c>"a"</c>): that <c>:</c> is put back.</item>
/// <item>Inside them, PyYAML ends a plain scalar at <c>?</c> and at a <c>:</c> followed by white space or
/// <c>, [ ] { }</c>, and takes <c>:</c> and <c>?</c> at a scalar's start as indicators (<c>check_value</c>,
/// <c>check_key</c>, <c>scan_plain</c>); a scalar cannot start with <c>| &gt; % @ `</c> there. YamlDotNet reads all of
/// these into the scalar (<c>[a:]</c> as <c>["a:"]</c>, where PyYAML reads <c>[{"a": null}]</c>): such a scalar is
/// rejected.</item>
/// <item>An anchor's name is letters, digits, <c>-</c> and <c>_</c> in PyYAML (<c>scan_anchor</c>); YamlDotNet takes
/// anything up to white space (<c>&amp;a:b</c> as the anchor <c>a:b</c>): such a name is rejected.</item>
/// </list>
/// </summary>
internal sealed class PyYamlScanner(string text) : IScanner
{
    private const string Rejects = "PyYAML, which Dify's SDK reads manifests with, ";

    private readonly Scanner _inner = new(new StringReader(text));
    private Token? _previous;
    private int _flowLevel;

    public Mark CurrentPosition => _inner.CurrentPosition;

    public Token? Current { get; private set; }

    public bool MoveNext()
    {
        if (Current is not null)
        {
            ConsumeCurrent();
        }

        return MoveNextWithoutConsuming();
    }

    public bool MoveNextWithoutConsuming()
    {
        if (!_inner.MoveNextWithoutConsuming())
        {
            Current = null;
            return false;
        }

        Current = Read(_inner.Current!);
        return true;
    }

    public void ConsumeCurrent()
    {
        _inner.ConsumeCurrent();
        Current = null;
    }

    private Token Read(Token token)
    {
        switch (token)
        {
            case FlowSequenceStart or FlowMappingStart:
                _flowLevel++;
                break;
            case FlowSequenceEnd or FlowMappingEnd when _flowLevel > 0:
                _flowLevel--;
                break;
            case Anchor anchor:
                CheckAnchorName(anchor);
                break;
            case Scalar { Style: ScalarStyle.Plain } scalar:
                token = _flowLevel > 0 ? CheckedInFlow(scalar) : WithSkippedColon(scalar);
                break;
        }

        _previous = token;
        return token;
    }

    /// <summary>The scalar with the <c>:</c> YamlDotNet skipped before it (outside flow collections) put back.</summary>
    private Scalar WithSkippedColon(Scalar scalar)
    {
        var start = (int)scalar.Start.Index;
        if (!SkippedColonBefore(start))
        {
            return scalar;
        }

        var colon = new Mark(scalar.Start.Index - 1, scalar.Start.Line, scalar.Start.Column - 1);
        return new Scalar(":" + scalar.Value, ScalarStyle.Plain, colon, scalar.End);
    }

    private Scalar CheckedInFlow(Scalar scalar)
    {
        var start = (int)scalar.Start.Index;
        var end = (int)System.Math.Min(scalar.End.Index, text.Length);

        // Checked before the ':' skipped in front of it: PyYAML takes that one as the value's indicator and then stops at
        // this one ('a':: as 'a', ':', then ':').
        if (start < end && text[start] is ':' or '?' or '|' or '>' or '%' or '@' or '`')
        {
            throw Rejected(start, $"inside brackets or braces a value cannot start with '{text[start]}'; " + Rejects + "rejects the file here. Quote the value");
        }

        if (SkippedColonBefore(start))
        {
            if (start < text.Length && text[start] == ':')
            {
                // An empty scalar YamlDotNet put at the second ':' of '::' after a key: PyYAML reads the first as the
                // value's indicator and rejects this one.
                throw Rejected(start, "inside brackets or braces a value cannot start with ':'; " + Rejects + "rejects the file here. Quote the value");
            }

            throw Rejected(start - 1, "inside brackets or braces ':' separates a key from its value, so a value cannot start with it; " + Rejects + "rejects the file here. Quote the value");
        }

        for (var index = start; index < end; index++)
        {
            if (text[index] == '?' || (text[index] == ':' && (index + 1 >= text.Length || text[index + 1] is ' ' or '\t' or '\r' or '\n' or ',' or '[' or ']' or '{' or '}')))
            {
                throw Rejected(index, $"inside brackets or braces {Rejects}ends a plain value at this '{text[index]}' and reads what follows differently from here. Quote the value");
            }
        }

        return scalar;
    }

    private void CheckAnchorName(Anchor anchor)
    {
        // The token starts at '&'; its name follows.
        var nameStart = (int)anchor.Start.Index + 1;
        var end = (int)System.Math.Min(anchor.End.Index, text.Length);
        for (var index = nameStart; index < end; index++)
        {
            if (text[index] is not ((>= '0' and <= '9') or (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or '-' or '_'))
            {
                throw Rejected(index, $"an anchor's name may hold only letters, digits, '-' and '_': {Rejects}ends or rejects it at this '{text[index]}'. Rename the anchor");
            }
        }
    }

    // A ':' right before the scalar that is not a value indicator token was skipped by YamlDotNet's scanner: a plain
    // scalar cannot start right after a ':' otherwise.
    private bool SkippedColonBefore(int start) =>
        start > 0 && start <= text.Length && text[start - 1] == ':' && !(_previous is Value value && value.Start.Index == start - 1);

    private SyntaxErrorException Rejected(int index, string message)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        var mark = new Mark(index, line, index - lineStart + 1);
        return new SyntaxErrorException(mark, mark, message);
    }
}
