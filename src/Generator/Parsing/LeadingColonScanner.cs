using System.IO;
using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;

namespace Dify.Plugin.Generator.Parsing;

/// <summary>
/// YamlDotNet's scanner, with plain scalars that start with <c>:</c> read as PyYAML reads them (<c>scanner.py</c>,
/// <c>check_value</c> and <c>check_plain</c>):
/// <list type="bullet">
/// <item>Outside brackets and braces, <c>:a</c> is the text <c>":a"</c>. After a flow collection, YamlDotNet drops that
/// <c>:</c> from the first plain scalar that follows, as if it joined a key to its value
/// (<c>x: [a]</c>, then <c>'k': :a</c> read <c>k</c> as <c>"a"</c>): that <c>:</c> is put back.</item>
/// <item>Inside them, <c>:</c> is always the value indicator, so a plain scalar cannot start with it: PyYAML rejects
/// <c>[:b]</c> and <c>{a: :b}</c>, which YamlDotNet reads as <c>":b"</c> or <c>"b"</c>.</item>
/// </list>
/// </summary>
internal sealed class LeadingColonScanner(string text) : IScanner
{
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
            case Scalar { Style: ScalarStyle.Plain } scalar:
                token = Checked(scalar);
                break;
        }

        _previous = token;
        return token;
    }

    private Scalar Checked(Scalar scalar)
    {
        var start = (int)scalar.Start.Index;
        var startsWithColon = start < text.Length && text[start] == ':';

        // A ':' right before the scalar that is not a value indicator token was skipped by YamlDotNet's scanner.
        var skippedColon = !startsWithColon && start > 0 && text[start - 1] == ':'
            && !(_previous is Value value && value.Start.Index == start - 1);
        if (!startsWithColon && !skippedColon)
        {
            return scalar;
        }

        var colon = skippedColon ? new Mark(scalar.Start.Index - 1, scalar.Start.Line, scalar.Start.Column - 1) : scalar.Start;
        if (_flowLevel > 0)
        {
            throw new SyntaxErrorException(
                colon,
                colon,
                "inside brackets or braces ':' separates a key from its value, so a value cannot start with it; PyYAML, which Dify's SDK reads manifests with, rejects the file here; quote a value that starts with ':'");
        }

        return skippedColon ? new Scalar(":" + scalar.Value, ScalarStyle.Plain, colon, scalar.End) : scalar;
    }
}
