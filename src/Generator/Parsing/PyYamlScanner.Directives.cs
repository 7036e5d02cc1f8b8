using System.Collections.Generic;
using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;

namespace Dify.Plugin.Generator.Parsing;

/// <summary>Directives and what may stand before the first document, as PyYAML reads them.</summary>
internal sealed partial class PyYamlScanner
{
    private const string NoDocumentAfterDirective = "a '%' directive line is followed by no document; " + Rejects + "wants '---' after it. Add a '---' line or remove the directive";

    private const string DocumentStartAfterDirective = "after a '%' directive line a document starts with '---'; " + Rejects + "rejects the file here. Add a '---' line before this one or remove the directive";

    /// <summary>
    /// What PyYAML's parser rejects before the first document (parse_implicit_document_start, parse_document_start): a
    /// '%' directive not followed by '---', and '...' before any document. YamlDotNet skips a directive it does not know
    /// and reads '...' there as nothing.
    /// </summary>
    private SyntaxErrorException? StreamStartProblem()
    {
        var directives = false;
        var index = 0;
        while (true)
        {
            var lineEnd = text.IndexOf('\n', index);
            lineEnd = lineEnd < 0 ? text.Length : lineEnd;
            var first = index;
            while (first < lineEnd && text[first] is ' ' or '\t' or '\r' or '\uFEFF')
            {
                first++;
            }

            if (first == lineEnd || text[first] == '#')
            {
                if (lineEnd == text.Length)
                {
                    return directives ? Rejected(text.Length, NoDocumentAfterDirective) : null;
                }

                index = lineEnd + 1;
                continue;
            }

            if (first == index && text[first] == '%')
            {
                if (DirectiveNameProblem(first) is { } directive)
                {
                    return directive;
                }

                directives = true;
                if (lineEnd == text.Length)
                {
                    return Rejected(text.Length, NoDocumentAfterDirective);
                }

                index = lineEnd + 1;
                continue;
            }

            var marker = first == index && YamlCompatibility.IsDocumentMarker(text, first, lineEnd);
            if (directives && !(marker && text[first] == '-'))
            {
                return Rejected(first, DocumentStartAfterDirective);
            }

            if (!directives && marker && text[first] == '.')
            {
                return Rejected(first, "'...' ends a document, and none has started here; " + Rejects + "rejects the file here. Remove the '...'");
            }

            return null;
        }
    }

    private static List<int> DirectiveLines(string text)
    {
        var lines = new List<int>();
        for (var index = text.IndexOf('%'); index >= 0; index = text.IndexOf('%', index + 1))
        {
            if (index == 0 || text[index - 1] == '\n')
            {
                lines.Add(index);
            }
        }

        return lines;
    }

    /// <summary>
    /// Rejects a directive (a line starting with '%', whose name reads) that YamlDotNet skipped, when
    /// <paramref name="next"/> is the token after it: inside brackets or braces PyYAML's parser rejects the directive
    /// itself ("expected the node content"); elsewhere it ends the document, and the next has to start with '---' (and
    /// is a second document, which a manifest may not have).
    /// </summary>
    private void CheckDirectiveLine(int directive, Token next, bool inFlow)
    {
        if (inFlow)
        {
            throw Rejected(directive, "inside brackets or braces a '%' at the start of a line starts a directive, which cannot stand there; " + Rejects + "rejects the file here. Indent the line or quote the value");
        }

        if (next is DocumentStart && _previous is not (null or StreamStart or VersionDirective or TagDirective))
        {
            // PyYAML places the second document where its directives start.
            throw Rejected(directive, "a manifest holds one YAML document, but a second one (a '%' directive, then '---') starts here");
        }

        if (next is not DocumentStart)
        {
            throw Rejected((int)next.Start.Index, DocumentStartAfterDirective);
        }
    }

    /// <summary>
    /// A '%' at the start of a line starts a directive for PyYAML wherever it stands (check_directive), whose name is
    /// letters, digits, '-' and '_' up to white space or the line's end (scan_directive_name): the rejection at the first
    /// character that breaks this; null when <paramref name="index"/> starts no directive or the name reads.
    /// </summary>
    private SyntaxErrorException? DirectiveNameProblem(int index)
    {
        if (index < 0 || index >= text.Length || text[index] != '%' || (index > 0 && text[index - 1] != '\n'))
        {
            return null;
        }

        var end = index + 1;
        while (end < text.Length && YamlCompatibility.IsNameCharacter(text[end]))
        {
            end++;
        }

        if (end > index + 1 && (end == text.Length || text[end] is ' ' or '\r' or '\n'))
        {
            return null;
        }

        var found = end == text.Length ? "the end" : $"'{text[end]}'";
        return Rejected(end, $"a '%' at the start of a line starts a directive, whose name holds only letters, digits, '-' and '_'; {Rejects}rejects the file at {found}. Indent the line or quote what starts with '%'");
    }
}
