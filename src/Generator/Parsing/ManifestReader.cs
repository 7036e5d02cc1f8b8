using System;
using System.Collections.Generic;
using System.Linq;
using Dify.Plugin.Generator.Diagnostics;
using Dify.Plugin.Generator.Helpers;
using Dify.Plugin.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Dify.Plugin.Generator.Parsing;

/// <summary>Shared reading of manifest nodes: typed access with a diagnostic for each problem.</summary>
internal class ManifestReader
{
    protected ManifestReader(string filePath, string manifestPath)
    {
        FilePath = filePath;
        ManifestPath = manifestPath;
    }

    public string FilePath { get; }

    public string ManifestPath { get; }

    public DiagnosticBag Diagnostics { get; } = new();

    /// <summary>A parser bug must never take the build down: it becomes a diagnostic the user can report.</summary>
    protected void ReportParserFailure(Exception exception)
    {
        var location = new LocationInfo(FilePath, 0, 0, 0, 0, 0, 0);
        if (exception is System.IO.FileNotFoundException or System.IO.FileLoadException or MissingMethodException or MissingFieldException or TypeLoadException
            && exception.Message.IndexOf("YamlDotNet", StringComparison.Ordinal) >= 0)
        {
            Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.YamlLibraryConflict, location, LoadedYamlDotNet(), exception.Message));
            return;
        }

        Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.YamlSyntaxError, location, ManifestPath,
            "the generator could not read it (" + exception.GetType().Name + ": " + exception.Message + "); please report this"));
    }

    private static string LoadedYamlDotNet()
    {
        try
        {
            return DescribeYamlDotNet();
        }
        catch (Exception exception) when (exception is System.IO.FileNotFoundException or System.IO.FileLoadException or TypeLoadException)
        {
            return "not loadable: " + exception.Message;
        }
    }

    // Kept apart so that resolving the YamlDotNet type fails inside the caller's try, not when the caller is compiled.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static string DescribeYamlDotNet()
    {
        var assembly = typeof(YamlDotNet.Core.Parser).Assembly;
        return $"version {assembly.GetName().Version} from {assembly.Location}";
    }

    protected void Report(DiagnosticDescriptor descriptor, YamlNode? node, params string[] arguments) =>
        Diagnostics.Add(DiagnosticInfo.Create(descriptor, node?.Location(FilePath), arguments));

    protected LocationInfo Location(YamlNode node) => node.Location(FilePath);

    /// <summary>The document's root mapping once <see cref="LoadRoot"/> has read it: what the declaration is made from.</summary>
    public YamlMapping? Root { get; private set; }

    /// <summary>Loads the document; reports syntax errors and duplicate keys.</summary>
    protected YamlMapping? LoadRoot(string text)
    {
        var (root, error, warnings) = YamlTreeReader.Read(text);
        foreach (var warning in warnings)
        {
            Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateKey, (warning.Start, warning.End).ToLocation(FilePath), warning.Message));
        }

        if (error is not null)
        {
            Diagnostics.Add(error.IsLimit
                ? DiagnosticInfo.Create(DiagnosticDescriptors.ManifestOverLimit, (error.Start, error.End).ToLocation(FilePath), ManifestPath, error.Message)
                : DiagnosticInfo.Create(DiagnosticDescriptors.YamlSyntaxError, (error.Start, error.End).ToLocation(FilePath), ManifestPath, error.Message));
            return null;
        }

        if (root is null || root is YamlScalar { IsNull: true })
        {
            Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongNodeKind, new LocationInfo(FilePath, 0, 0, 0, 0, 0, 0), "(document)", "a mapping", "empty"));
            return null;
        }

        if (root is not YamlMapping mapping)
        {
            Report(DiagnosticDescriptors.WrongNodeKind, root, "(document)", "a mapping", root.KindName);
            return null;
        }

        Root = mapping;
        return mapping;
    }

    protected YamlMapping? Mapping(YamlMapping parent, string key, string path, bool required, string why)
    {
        var node = parent.Get(key);
        if (node is null || node is YamlScalar { IsNull: true })
        {
            if (required)
            {
                Report(DiagnosticDescriptors.MissingRequiredKey, node ?? KeyNode(parent, key) ?? parent, path, why);
            }

            return null;
        }

        if (node is YamlMapping mapping)
        {
            return mapping;
        }

        Report(DiagnosticDescriptors.WrongNodeKind, node, path, "a mapping", node.KindName);
        return null;
    }

    /// <summary>A text value; numbers and booleans are reported (pydantic rejects them) but kept as text.</summary>
    protected string? Text(YamlMapping parent, string key, string path, bool required, string why, bool strict = true)
    {
        var node = parent.Get(key);
        if (node is null || node is YamlScalar { IsNull: true })
        {
            if (required)
            {
                Report(DiagnosticDescriptors.MissingRequiredKey, node ?? KeyNode(parent, key) ?? parent, path, why);
            }

            return null;
        }

        if (node is not YamlScalar scalar)
        {
            Report(DiagnosticDescriptors.WrongNodeKind, node, path, "text", node.KindName);
            return null;
        }

        if (strict && scalar.IsPlain && (scalar.IsNumber || scalar.BooleanValue is not null))
        {
            Report(DiagnosticDescriptors.WrongNodeKind, node, path, "text (quote it)", scalar.KindName);
        }

        return scalar.Value;
    }

    protected bool? Boolean(YamlMapping parent, string key, string path)
    {
        var node = parent.Get(key);
        if (node is null || node is YamlScalar { IsNull: true })
        {
            return null;
        }

        if (node is YamlScalar scalar && (scalar.BooleanValue ?? QuotedBoolean(scalar)) is { } value)
        {
            return value;
        }

        Report(DiagnosticDescriptors.WrongNodeKind, node, path, "true or false", node.KindName);
        return null;
    }

    protected double? Number(YamlMapping parent, string key, string path)
    {
        var node = parent.Get(key);
        if (node is null || node is YamlScalar { IsNull: true })
        {
            return null;
        }

        if (node is YamlScalar { IsNumber: true } scalar && scalar.NumberValue is { } number)
        {
            return number;
        }

        Report(DiagnosticDescriptors.WrongNodeKind, node, path, "a number", node.KindName);
        return null;
    }

    protected I18nSpec I18n(YamlMapping parent, string key, string path, bool required, string why)
    {
        var mapping = Mapping(parent, key, path, required, why);
        if (mapping is null)
        {
            return I18nSpec.Empty;
        }

        string? enUs = null, zhHans = null, jaJp = null, ptBr = null;
        foreach (var entry in mapping.Entries)
        {
            var locale = entry.Key.Value;
            string? value = null;
            if (entry.Value is YamlScalar scalar && !scalar.IsNull)
            {
                if (scalar.IsPlain && (scalar.IsNumber || scalar.BooleanValue is not null))
                {
                    Report(DiagnosticDescriptors.WrongNodeKind, entry.Value, $"{path}.{locale}", "text (quote it)", scalar.KindName);
                }

                value = scalar.Value;
                if (value.Length > ManifestVocabulary.MaxTextLength)
                {
                    Report(DiagnosticDescriptors.TextTooLong, entry.Value, path, locale, value.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            else if (entry.Value is not YamlScalar)
            {
                Report(DiagnosticDescriptors.WrongNodeKind, entry.Value, $"{path}.{locale}", "text", entry.Value.KindName);
            }

            switch (locale)
            {
                case "en_US": enUs = value; break;
                case "zh_Hans": zhHans = value; break;
                case "ja_JP": jaJp = value; break;
                case "pt_BR": ptBr = value; break;
                default:
                    if (ManifestVocabulary.SuggestLocale(locale) is { } suggestion)
                    {
                        Report(DiagnosticDescriptors.UnknownLocale, entry.Key, $"{path}.{locale}", suggestion);
                    }
                    else
                    {
                        Report(DiagnosticDescriptors.UnsupportedLocale, entry.Key, $"{path}.{locale}");
                    }

                    break;
            }
        }

        if (string.IsNullOrEmpty(enUs))
        {
            Report(DiagnosticDescriptors.MissingEnglish, mapping, path);
        }

        return new I18nSpec(enUs, zhHans, jaJp, ptBr);
    }

    protected void CheckKeys(YamlMapping mapping, string where, string[] known, string[]? ignored = null)
    {
        foreach (var entry in mapping.Entries)
        {
            var key = entry.Key.Value;
            if (known.Contains(key))
            {
                continue;
            }

            if (ignored is not null && ignored.Contains(key))
            {
                Report(DiagnosticDescriptors.KeyIgnoredByDify, entry.Key, key, where);
                continue;
            }

            var suggestion = StringSimilarity.Closest(key, known);
            Report(DiagnosticDescriptors.UnknownKey, entry.Key, key, where, suggestion is null ? "" : $"; did you mean '{suggestion}'?");
        }
    }

    protected static YamlNode? KeyNode(YamlMapping parent, string key) =>
        parent.LastKey(key);

    protected static bool? QuotedBoolean(YamlScalar scalar) => ManifestVocabulary.TextBoolean(scalar.Value);
}
