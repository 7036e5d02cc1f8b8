using System.Collections.Generic;
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
/// <item>An anchor's or alias's name is letters, digits, <c>-</c> and <c>_</c> in PyYAML (<c>scan_anchor</c>); YamlDotNet
/// takes anything up to white space (<c>*a#</c> as the alias <c>a#</c>): such a name is rejected.</item>
/// <item>Inside brackets and braces, PyYAML's parser rejects a ':' in an entry that has no key: none before it, one whose
/// ':' is on a later line (PyYAML's scanner then no longer takes it for a key), or a second ':' after the entry's value.
/// YamlDotNet reads a value there, or makes up an empty key; after '?' it makes up a second key, which PyYAML's
/// scanner does not make (<c>{ ? a\n : b }</c> is <c>{"a": "b"}</c>), so that one is dropped.</item>
/// <item>Inside brackets, YamlDotNet's parser skips the token after a '?' that has no key after it (<c>[? : b]</c>,
/// <c>[?]</c>) and then fails, where PyYAML reads an empty key: the empty key is put in. Every ':' that starts a token
/// there is a value indicator for PyYAML (<c>check_value</c>), so of '::' after '?' the second is rejected, and after an
/// entry's ':' the first.</item>
/// <item>Inside brackets and braces, a node right after another in the same entry (<c>{"a"b}</c>, <c>{a: [b]c}</c>) is
/// rejected: PyYAML's parser expects ',' or the closing bracket there, where YamlDotNet takes it for the value after a
/// quoted key or a flow collection.</item>
/// <item>A token not consumed yet is handed out again when asked for: YamlDotNet's parser asks twice after an anchored
/// scalar in braces and lost the ',' that followed it (<c>{a: &amp;x b, c: d}</c> was rejected).</item>
/// <item>A '%' at the start of a line starts a directive for PyYAML, inside brackets too, and a directive has to be
/// followed by '---'; YamlDotNet skips a directive it does not know. '...' before any document is rejected.</item>
/// </list>
/// </summary>
internal sealed partial class PyYamlScanner(string text) : IScanner
{
    private const string Rejects = "PyYAML, which Dify's SDK reads manifests with, ";

    private readonly Scanner _inner = new(new StringReader(text));

    // Tokens read from YamlDotNet's scanner ahead of the parser, to see what follows a key.
    private readonly List<Token> _ahead = [];

    // The entry being read in each open pair of brackets or braces, innermost on top.
    private readonly Stack<OpenEntry> _entries = new();

    // The lines that start with '%', and how many of them the tokens read so far have passed.
    private readonly List<int> _directiveLines = DirectiveLines(text);
    private int _directiveLinesPassed;
    private Token? _previous;

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
        // After an anchored scalar that a flow mapping's ',' or '}' should follow, YamlDotNet's parser asks for the next
        // token twice without consuming the first (Parser.ParseNode, 16.3), and so lost the ',' of '{a: &x b, c: d}' and
        // rejected that valid text: a token not consumed yet is handed out again. The stream's end is not, for the
        // parser's own check that nothing follows it.
        if (Current is not null and not StreamEnd)
        {
            return true;
        }

        // YamlDotNet's parser takes each token and consumes it before asking for the next, so tokens are consumed from
        // YamlDotNet's scanner as soon as they are read: the ones read ahead wait here in the same order.
        Current = null;
        while (Current is null && Take() is { } token)
        {
            Current = Read(token);
        }

        return Current is not null;
    }

    public void ConsumeCurrent() => Current = null;

    private Token? Take()
    {
        if (_ahead.Count == 0)
        {
            return ReadInner();
        }

        var token = _ahead[0];
        _ahead.RemoveAt(0);
        return token;
    }

    /// <summary>The token <paramref name="offset"/> places after the one being read, read ahead if need be.</summary>
    private Token? Ahead(int offset)
    {
        while (_ahead.Count <= offset && ReadInner() is { } token)
        {
            _ahead.Add(token);
        }

        return _ahead.Count > offset ? _ahead[offset] : null;
    }

    private Token? ReadInner()
    {
        try
        {
            if (!_inner.MoveNextWithoutConsuming())
            {
                return null;
            }
        }
        catch (SyntaxErrorException exception) when (DirectiveNameProblem((int)exception.Start.Index) is { } directive)
        {
            throw directive;
        }

        var token = _inner.Current!;
        _inner.ConsumeCurrent();
        if (token is StreamStart && StreamStartProblem() is { } problem)
        {
            throw problem;
        }

        return token;
    }

    /// <returns>The token as PyYAML's scanner reads it, or null for a token PyYAML's scanner does not make.</returns>
    private Token? Read(Token token)
    {
        var inFlow = _entries.Count > 0;
        if (_directiveLinesPassed < _directiveLines.Count && token.Start.Index > _directiveLines[_directiveLinesPassed] && token is not StreamStart)
        {
            CheckDirectiveLine(_directiveLines[_directiveLinesPassed], token, inFlow);
            while (_directiveLinesPassed < _directiveLines.Count && _directiveLines[_directiveLinesPassed] < token.Start.Index)
            {
                _directiveLinesPassed++;
            }
        }

        switch (token)
        {
            case Key key when inFlow
                && Ahead(0) is Scalar { Style: ScalarStyle.Plain, Value.Length: 0 } empty && empty.Start.Index == key.Start.Index
                && Ahead(1) is Value madeUpColon && madeUpColon.Start.Index == key.Start.Index:
                // YamlDotNet makes up an empty key for a ':' no key stands before; PyYAML's scanner makes none.
                _ahead.RemoveAt(0);
                return null;
            case Key key when inFlow && text[(int)_entries.Peek().Opened.Index] == '[' && Ahead(0) is Value or FlowEntry or FlowSequenceEnd:
                // '?' with no key after it in brackets ('[? : b]', '[?]'): YamlDotNet's parser skips the token after such
                // a '?' (the ':', ',' or ']'), then fails; PyYAML reads an empty key there. The empty key is put in.
                CheckNotAfterNode(key);
                _entries.Peek().HasKey = true;
                _ahead.Insert(0, new Scalar("", ScalarStyle.Plain, key.End, key.End));
                break;
            case Key when inFlow:
                CheckNotAfterNode(token);
                _entries.Peek().HasKey = true;
                break;
            case Value colon when inFlow:
                CheckColon(_entries.Peek(), colon);
                _entries.Peek().NodeEnded = false;
                break;
            case FlowEntry when inFlow:
                _entries.Push(new OpenEntry(_entries.Pop().Opened));
                break;
            case FlowSequenceStart or FlowMappingStart:
                if (inFlow)
                {
                    CheckNotAfterNode(token);
                    _entries.Peek().Starts(token);
                }

                _entries.Push(new OpenEntry(token.Start));
                break;
            case FlowSequenceEnd or FlowMappingEnd when inFlow:
                _entries.Pop();
                EndsNode();
                break;
            case Anchor:
                CheckNotAfterNode(token);
                CheckName(token, alias: false);
                MarkNode(token);
                break;
            case AnchorAlias:
                CheckNotAfterNode(token);
                CheckName(token, alias: true);
                MarkNode(token);
                EndsNode();
                break;
            case Scalar { Style: ScalarStyle.Plain } scalar:
                CheckNotAfterNode(token);
                token = inFlow ? CheckedInFlow(scalar) : WithSkippedColon(scalar);
                MarkNode(token);
                EndsNode();
                break;
            case Scalar:
                CheckNotAfterNode(token);
                MarkNode(token);
                EndsNode();
                break;
            case Tag:
                CheckNotAfterNode(token);
                MarkNode(token);
                break;
            default:
                MarkNode(token);
                break;
        }

        _previous = token;
        return token;
    }

    /// <summary>
    /// Rejects a ':' inside brackets or braces that PyYAML's parser rejects: one in an entry with no key, that is, no
    /// '?' and no key PyYAML's scanner took (nothing before the ':', or a key that does not start on the ':'s line or
    /// starts over 1,024 characters before it: stale_possible_simple_keys), and a second ':' in one entry.
    /// YamlDotNet reads a value after such a ':'.
    /// </summary>
    private void CheckColon(OpenEntry entry, Value colon)
    {
        if (entry.HasKey && !entry.HasColon)
        {
            entry.HasColon = true;
            return;
        }

        var index = (int)colon.Start.Index;
        throw entry switch
        {
            { HasColon: true } => Rejected(index, $"inside brackets or braces an entry has one ':', between its key and its value; {Rejects}rejects a second one here. Close the '{text[(int)entry.Opened.Index]}' of line {entry.Opened.Line} before this line if it should end there, or quote the value"),
            { NodeStart: { } keyStart } => Rejected(index, $"inside brackets or braces a key's ':' must be on the line where the key starts (line {keyStart.Line}), at most 1,024 characters after it; {Rejects}rejects the file here. Move the ':' up to the key"),
            _ => Rejected(index, YamlTreeReader.ColonWithoutKey),
        };
    }

    /// <summary>
    /// Rejects a node that starts right after another one in the same entry inside brackets or braces, with no ',' or
    /// ':' between them (<c>{"a"b}</c>, <c>{a: [b]c}</c>): PyYAML's parser expects ',' or the closing bracket there.
    /// After a quoted key or a flow collection YamlDotNet reads the next node as the value, as YAML 1.2 would with a ':'.
    /// </summary>
    private void CheckNotAfterNode(Token token)
    {
        if (_entries.Count > 0 && _entries.Peek() is { NodeEnded: true } entry)
        {
            var closing = text[(int)entry.Opened.Index] == '{' ? '}' : ']';
            throw Rejected((int)token.Start.Index, $"inside brackets or braces an entry's key or value ends before this; {Rejects}expects ',' or '{closing}' here and rejects the file. Put a ',' between the two, or quote them as one value");
        }
    }

    private void EndsNode()
    {
        if (_entries.Count > 0)
        {
            _entries.Peek().NodeEnded = true;
        }
    }

    private void MarkNode(Token token)
    {
        if (_entries.Count > 0)
        {
            _entries.Peek().Starts(token);
        }
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
        if (DirectiveNameProblem(start) is { } directive)
        {
            throw directive;
        }

        var entry = _entries.Peek();
        if (start + 1 < text.Length && text[start] == ':' && text[start + 1] == ':' && entry.HasKey && !entry.HasColon)
        {
            // '? ::': PyYAML takes the first ':' for the value's indicator (check_value: every ':' that starts a token
            // inside brackets or braces is one), and rejects the second, where its parser expects the value.
            throw Rejected(start + 1, "inside brackets or braces a value cannot start with ':'; " + Rejects + "rejects the file here. Quote the value");
        }

        if (start < end && text[start] is ':' or '?' or '|' or '>' or '%' or '@' or '`')
        {
            throw Rejected(start, $"inside brackets or braces a value cannot start with '{text[start]}'; " + Rejects + "rejects the file here. Quote the value");
        }

        if (SkippedColonBefore(start))
        {
            if (start < text.Length && text[start] == ':' && entry.HasColon)
            {
                // "'a': ::": the entry's ':' came before, so the first ':' of '::' is a second value indicator, which
                // PyYAML's parser rejects.
                throw Rejected(start - 1, $"inside brackets or braces an entry has one ':', between its key and its value; {Rejects}rejects a second one here. Quote the value");
            }

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

    /// <summary>
    /// Rejects an anchor's or alias's name at its first character PyYAML's <c>scan_anchor</c> does not take (letters,
    /// digits, '-' and '_'); YamlDotNet takes anything up to white space. An alias's name that PyYAML ends at one of
    /// <c>? , ] } % @ `</c> is left to the tree, which refuses the alias YamlDotNet read at its start: PyYAML refuses the
    /// alias of an anchor not defined there (composer.py), before it reads on.
    /// </summary>
    private void CheckName(Token token, bool alias)
    {
        // The token starts at '&' or '*'; its name follows.
        var nameStart = (int)token.Start.Index + 1;
        var end = (int)System.Math.Min(token.End.Index, text.Length);
        for (var index = nameStart; index < end; index++)
        {
            if (!YamlCompatibility.IsNameCharacter(text[index]))
            {
                if (alias && index > nameStart && text[index] is '?' or ',' or ']' or '}' or '%' or '@' or '`')
                {
                    return;
                }

                var what = alias ? "alias" : "anchor";
                throw Rejected(index, $"an {what}'s name may hold only letters, digits, '-' and '_': {Rejects}ends or rejects it at this '{text[index]}'. Rename the {what}");
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

    /// <summary>What one entry inside brackets or braces has had so far.</summary>
    /// <param name="opened">Where the '[' or '{' of the entry's collection is.</param>
    private sealed class OpenEntry(Mark opened)
    {
        public Mark Opened { get; } = opened;

        public bool HasKey { get; set; }

        public bool HasColon { get; set; }

        /// <summary>Where the entry's first node starts.</summary>
        public Mark? NodeStart { get; private set; }

        /// <summary>Whether a node of the entry has ended with no ':' after it yet: another node cannot follow.</summary>
        public bool NodeEnded { get; set; }

        public void Starts(Token token) => NodeStart ??= token.Start;
    }
}
