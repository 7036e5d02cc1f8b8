using System;
using System.Text;

namespace Dify.Plugin.Generator.Helpers;

/// <summary>Writes indented C# without building syntax trees (no NormalizeWhitespace).</summary>
internal sealed class SourceWriter
{
    private static readonly char[] LineTerminators = { '\r', '\n', '\u0085', '\u2028', '\u2029' };
    private readonly StringBuilder _builder = new();
    private int _indent;

    /// <summary>
    /// Writes one line. A line terminator inside <paramref name="text"/> would let text escape a comment or literal, so
    /// it is written as a space: emitters escape manifest text, and this is the last guard if one forgets.
    /// </summary>
    public SourceWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            _builder.Append(' ', _indent * 4);
            if (text.IndexOfAny(LineTerminators) < 0)
            {
                _builder.Append(text);
            }
            else
            {
                foreach (var character in text)
                {
                    _builder.Append(CSharpLiterals.IsLineTerminator(character) ? ' ' : character);
                }
            }
        }

        _builder.Append('\n');
        return this;
    }

    public SourceWriter OpenBlock(string header)
    {
        Line(header);
        Line("{");
        _indent++;
        return this;
    }

    public SourceWriter CloseBlock(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
        return this;
    }

    public void Indent() => _indent++;

    public void Unindent() => _indent = Math.Max(0, _indent - 1);

    public int Length => _builder.Length;

    public override string ToString() => _builder.ToString();
}
