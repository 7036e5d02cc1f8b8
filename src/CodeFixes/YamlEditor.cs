using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Dify.Plugin.Generator.Parsing;

namespace Dify.Plugin.CodeFixes;

/// <summary>
/// Edits a manifest as text, at positions the YAML reader reports, so that the file keeps its formatting and
/// comments. Each method returns null when the file's shape does not allow a safe edit.
/// </summary>
internal static class YamlEditor
{
    /// <summary>Adds <paramref name="token"/> to a parameter's scope (<c>llm</c> → <c>llm&amp;tool-call</c>); adds <c>scope: llm&amp;token</c> when it has none.</summary>
    public static string? AddScopeToken(string text, string parameterName, string token)
    {
        if (FindParameter(text, parameterName) is not { } parameter)
        {
            return null;
        }

        if (parameter.Get("scope") is YamlScalar scope && !scope.IsNull)
        {
            if (scope.Value.Split('&').Any(existing => existing.Trim() == token))
            {
                return text;
            }

            var end = (int)scope.End.Index;
            // A quoted scalar ends after its closing quote; insert before it.
            var at = scope.IsPlain ? end : end - 1;
            return text.Insert(at, "&" + token);
        }

        var model = (parameter.Get("type") as YamlScalar)?.Value == "model-selector" ? "llm&" : "";
        return InsertEntry(text, parameter, "scope", model + token);
    }

    /// <summary>Appends a parameter block to <c>parameters</c>, creating the list when the manifest has none.</summary>
    public static string? AddParameter(string text, IReadOnlyList<string> entryLines)
    {
        var (root, error, _) = YamlTreeReader.Read(text);
        if (error is not null || root is not YamlMapping mapping)
        {
            return null;
        }

        var parameters = mapping.Get("parameters");
        if (parameters is YamlSequence { Items.Count: > 0 } sequence && sequence.Items[0] is YamlMapping first)
        {
            var dashColumn = (int)sequence.Items[0].Start.Column - 1 - 2;
            if (dashColumn < 0 || !IsBlock(text, sequence.Items[0]))
            {
                return null;
            }

            var insertAt = LineEnd(text, LastEnd(text, sequence.Items[sequence.Items.Count - 1]));
            return text.Insert(insertAt, NewLine(text) + Block(text, entryLines, dashColumn));
        }

        var block = "parameters:" + NewLine(text) + Block(text, entryLines, 2);
        if (parameters is null)
        {
            var extra = mapping.Entries.FirstOrDefault(entry => entry.Key.Value == "extra").Key;
            var at = extra is null ? text.Length : LineStart(text, (int)extra.Start.Index);
            var prefix = at > 0 && text[at - 1] != '\n' ? NewLine(text) : "";
            return text.Insert(at, prefix + block + NewLine(text));
        }

        // `parameters:` with no value, `parameters: []` or `parameters: null`.
        var key = mapping.Entries.First(entry => entry.Key.Value == "parameters").Key;
        var lineStart = LineStart(text, (int)key.Start.Index);
        var lineEnd = LineEnd(text, LastEnd(text, parameters));
        return text.Substring(0, lineStart) + block + text.Substring(lineEnd);
    }

    /// <summary>Sets keys under a mapping path to <c>true</c> (for example resource.permission.model.llm), creating what is missing.</summary>
    public static string? SetTrue(string text, string[] path, IReadOnlyList<string> keys)
    {
        foreach (var key in keys)
        {
            var updated = SetScalar(text, path.Concat(new[] { key }).ToArray(), "true", scalar => scalar.BooleanValue == true);
            if (updated is null)
            {
                return null;
            }

            text = updated;
        }

        return text;
    }

    /// <summary>
    /// Sets the scalar at <paramref name="path"/> to <paramref name="leafValue"/> unless <paramref name="keep"/> accepts the
    /// one there, creating the missing mappings as nested blocks; null when the YAML cannot be edited safely.
    /// <paramref name="leafValue"/> is written as it is: pass YAML.
    /// </summary>
    public static string? SetScalar(string text, string[] path, string leafValue, Func<YamlScalar, bool> keep)
    {
        var (root, error, _) = YamlTreeReader.Read(text);
        if (error is not null || root is not YamlMapping mapping)
        {
            return null;
        }

        for (var depth = 0; depth < path.Length; depth++)
        {
            var key = path[depth];
            var value = mapping.Get(key);
            var last = depth == path.Length - 1;
            if (last && value is YamlScalar scalar && !scalar.IsNull)
            {
                return keep(scalar) ? text : Replace(text, scalar, leafValue);
            }

            if (!last && value is YamlMapping child && IsBlock(text, child))
            {
                mapping = child;
                continue;
            }

            if (value is not null && !(value is YamlScalar { IsNull: true }))
            {
                return null;
            }

            // Create the rest of the path as a nested block.
            var remaining = path.Skip(depth).ToArray();
            if (value is YamlScalar emptyValue && mapping.Entries.FirstOrDefault(entry => entry.Key.Value == key).Key is { } emptyKey)
            {
                // `key:` with nothing after it: write the nested block below it.
                var indent = (int)emptyKey.Start.Column - 1;
                var insertAt = LineEnd(text, (int)emptyKey.End.Index);
                var nested = NestedBlock(text, remaining.Skip(1).ToArray(), indent + 2, leafValue);
                return text.Substring(0, insertAt) + NewLine(text) + nested + text.Substring(LineEnd(text, Math.Max(insertAt, (int)emptyValue.End.Index)));
            }

            return InsertNested(text, mapping, remaining, leafValue);
        }

        return null;
    }

    private static YamlMapping? FindParameter(string text, string parameterName)
    {
        var (root, error, _) = YamlTreeReader.Read(text);
        if (error is not null || root is not YamlMapping mapping || mapping.Get("parameters") is not YamlSequence parameters)
        {
            return null;
        }

        return parameters.Items.OfType<YamlMapping>().LastOrDefault(item => (item.Get("name") as YamlScalar)?.Value == parameterName);
    }

    /// <summary>Adds <c>key: value</c> to a mapping, after its <c>type</c> entry (or last entry), in the mapping's style.</summary>
    private static string InsertEntry(string text, YamlMapping mapping, string key, string value)
    {
        if (!IsBlock(text, mapping))
        {
            // Flow style: {name: x, type: y} → {name: x, type: y, key: value}
            var close = (int)mapping.End.Index - 1;
            return text.Insert(close, $", {key}: {value}");
        }

        var anchor = mapping.Entries.FirstOrDefault(entry => entry.Key.Value == "type");
        if (anchor.Key is null)
        {
            anchor = mapping.Entries.Last();
        }

        var indent = (int)mapping.Entries[0].Key.Start.Column - 1;
        var at = LineEnd(text, LastEnd(text, anchor.Value));
        return text.Insert(at, NewLine(text) + new string(' ', indent) + $"{key}: {value}");
    }

    private static string InsertNested(string text, YamlMapping parent, string[] path, string leafValue)
    {
        if (parent.Entries.Count == 0)
        {
            return text;
        }

        var indent = (int)parent.Entries[0].Key.Start.Column - 1;
        var at = LineEnd(text, LastEnd(text, parent.Entries[parent.Entries.Count - 1].Value));
        var atEnd = at >= text.Length;
        var block = NestedBlock(text, path, indent, leafValue);
        return atEnd && (text.Length == 0 || text[text.Length - 1] != '\n')
            ? text + NewLine(text) + block
            : text.Insert(at, NewLine(text) + block.TrimEnd('\r', '\n'));
    }

    private static string NestedBlock(string text, string[] path, int indent, string leafValue)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < path.Length; i++)
        {
            builder.Append(' ', indent + (i * 2)).Append(path[i]).Append(':');
            builder.Append(i == path.Length - 1 ? " " + leafValue : "").Append(NewLine(text));
        }

        return builder.ToString();
    }

    private static string Block(string text, IReadOnlyList<string> lines, int dashColumn)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            builder.Append(' ', dashColumn).Append(i == 0 ? "- " : "  ").Append(lines[i]);
            if (i < lines.Count - 1)
            {
                builder.Append(NewLine(text));
            }
        }

        return builder.ToString();
    }

    /// <summary>Where a node's last scalar ends: block collections report their end at the next line's start.</summary>
    private static int LastEnd(string text, YamlNode node)
    {
        while (true)
        {
            if (node is not YamlScalar && !IsBlock(text, node))
            {
                return (int)node.End.Index;
            }

            switch (node)
            {
                case YamlMapping { Entries.Count: > 0 } mapping:
                    node = mapping.Entries[mapping.Entries.Count - 1].Value is YamlScalar { IsNull: true, Value: "" } ? mapping.Entries[mapping.Entries.Count - 1].Key : mapping.Entries[mapping.Entries.Count - 1].Value;
                    continue;
                case YamlSequence { Items.Count: > 0 } sequence:
                    node = sequence.Items[sequence.Items.Count - 1];
                    continue;
                default:
                    return (int)node.End.Index;
            }
        }
    }

    private static string Replace(string text, YamlScalar scalar, string value) =>
        text.Substring(0, (int)scalar.Start.Index) + value + text.Substring((int)scalar.End.Index);

    private static bool IsBlock(string text, YamlNode node)
    {
        var start = (int)node.Start.Index;
        return start >= text.Length || (text[start] != '{' && text[start] != '[');
    }

    private static int LineEnd(string text, int index)
    {
        var end = text.IndexOf('\n', Math.Min(index, text.Length));
        if (end < 0)
        {
            return text.Length;
        }

        return end > 0 && text[end - 1] == '\r' ? end - 1 : end;
    }

    private static int LineStart(string text, int index) => index == 0 ? 0 : text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;

    private static string NewLine(string text) => text.Contains("\r\n") ? "\r\n" : "\n";
}
