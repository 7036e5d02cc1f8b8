using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Dify.Plugin.Generator.Diagnostics;
using Dify.Plugin.Generator.Helpers;
using Dify.Plugin.Generator.Model;

namespace Dify.Plugin.Generator.Parsing;

/// <summary>Reads <c>manifest.yaml</c> and <c>provider/*.yaml</c>: their rules, and the files they point at.</summary>
internal sealed class SupportingManifestParser : ManifestReader
{
    private static readonly Regex AuthorPattern = new(ManifestVocabulary.PluginAuthorPattern, RegexOptions.CultureInvariant);
    private static readonly Regex PluginNamePattern = new(ManifestVocabulary.PluginNamePattern, RegexOptions.CultureInvariant);
    private static readonly Regex VersionPattern = new(ManifestVocabulary.VersionPattern, RegexOptions.CultureInvariant);
    private static readonly Regex ProviderNamePattern = new(ManifestVocabulary.IdentifierPattern, RegexOptions.CultureInvariant);

    private readonly List<ReferenceSpec> _references = new();
    private ModelPermissions? _permissions;
    private OAuthProviderSpec? _oauth;

    private SupportingManifestParser(string filePath, string manifestPath)
        : base(filePath, manifestPath)
    {
    }

    public static SupportingManifestSpec ParsePlugin(string filePath, string manifestPath, string text, CancellationToken cancellationToken) =>
        Run(filePath, manifestPath, "plugin", parser => parser.ReadPlugin(text));

    public static SupportingManifestSpec ParseProvider(string filePath, string manifestPath, string text, CancellationToken cancellationToken) =>
        Run(filePath, manifestPath, "provider", parser => parser.ReadProvider(text));

    private static SupportingManifestSpec Run(string filePath, string manifestPath, string kind, Action<SupportingManifestParser> read)
    {
        var parser = new SupportingManifestParser(filePath, manifestPath);
        try
        {
            read(parser);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            parser.ReportParserFailure(exception);
        }

        return new SupportingManifestSpec(filePath, parser._references.ToEquatableArray(), parser.Diagnostics.ToEquatableArray(manifestPath))
        {
            Permissions = parser._permissions,
            OAuth = parser._oauth,
            Declaration = parser.Root is { } root ? DeclarationReader.Read(kind, manifestPath, root) : null,
        };
    }

    private void ReadPlugin(string text)
    {
        var root = LoadRoot(text);
        if (root is null)
        {
            return;
        }

        CheckKeys(root, "manifest.yaml", ManifestVocabulary.PluginTopLevelKeys);
        Pattern(root, "version", VersionPattern, "must look like 1.2.3 (the daemon's " + ManifestVocabulary.VersionPattern + ")");
        Pattern(root, "author", AuthorPattern, "the daemon allows only lowercase letters, digits, _ and - (1 to 64)");
        Pattern(root, "name", PluginNamePattern, "the daemon allows only lowercase letters, digits, _ and - (1 to 128)");
        if (Text(root, "type", "type", required: true, "it must be 'plugin'") is { } type && type != ManifestVocabulary.PluginType)
        {
            Report(DiagnosticDescriptors.InvalidPluginManifestValue, root.Get("type"), "type", type, "it must be 'plugin'");
        }

        I18n(root, "label", "label", required: true, "Dify shows it as the plugin's name");
        I18n(root, "description", "description", required: true, "Dify shows it in the plugin list");
        Text(root, "icon", "icon", required: true, "a file under _assets/");
        Text(root, "created_at", "created_at", required: true, "an RFC 3339 time such as 2026-01-31T00:00:00Z", strict: false);
        if (Mapping(root, "resource", "resource", required: true, "it declares memory and permissions") is { } resource)
        {
            if (Number(resource, "memory", "resource.memory") is not { } memory || memory <= 0)
            {
                Report(DiagnosticDescriptors.MissingRequiredKey, resource.Get("memory") ?? resource, "resource.memory", "the daemon requires a non-zero memory size in bytes");
            }

            _permissions = ReadModelPermissions(resource);
        }

        if (Mapping(root, "meta", "meta", required: true, "it names the runner") is { } meta)
        {
            Pattern(meta, "version", VersionPattern, "the manifest-spec version, such as 0.0.1", "meta.version");
            if (Mapping(meta, "runner", "meta.runner", required: true, "language, version and entrypoint") is { } runner)
            {
                var language = Text(runner, "language", "meta.runner.language", required: true, "Dify's daemon accepts only python");
                if (language is not null && language != ManifestVocabulary.RunnerLanguage)
                {
                    Report(DiagnosticDescriptors.RunnerLanguageNotPython, runner.Get("language"), language);
                }

                Text(runner, "version", "meta.runner.version", required: true, "for example \"3.12\"", strict: false);
                Text(runner, "entrypoint", "meta.runner.entrypoint", required: true, "for example main");
            }
        }

        if (Mapping(root, "plugins", "plugins", required: true, "it lists the provider files") is { } plugins)
        {
            foreach (var entry in plugins.Entries)
            {
                if (entry.Key.Value == "tools")
                {
                    AddReferences(entry.Value, "plugins.tools");
                }
            }

            if (plugins.Get("tools") is YamlSequence { Items.Count: > 1 } providers)
            {
                // runtime_intialization_handlers.go keeps tools[0] of tool_declaration and drops the rest.
                Report(DiagnosticDescriptors.SecondToolProvider, providers.Items[1], providers.Items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), (providers.Items[0] as YamlScalar)?.Value ?? "");
            }
        }
    }

    private ModelPermissions ReadModelPermissions(YamlMapping resource)
    {
        if (resource.Get("permission") is not YamlMapping permission || permission.Get("model") is not YamlMapping model)
        {
            return ModelPermissions.None;
        }

        bool Flag(string key) => Boolean(model, key, "resource.permission.model." + key) ?? false;
        return new ModelPermissions(Flag("enabled"), Flag("llm"), Flag("text_embedding"), Flag("rerank"), Flag("tts"), Flag("speech2text"), Flag("moderation"));
    }

    private void ReadProvider(string text)
    {
        var root = LoadRoot(text);
        if (root is null)
        {
            return;
        }

        CheckKeys(root, "a provider", ManifestVocabulary.ProviderTopLevelKeys, ManifestVocabulary.ProviderIgnoredKeys);
        if (Mapping(root, "identity", "identity", required: true, "author, name, label, description and icon") is { } identity)
        {
            var name = Text(identity, "name", "identity.name", required: true, "the provider id Dify uses");
            if (name is not null && !ProviderNamePattern.IsMatch(name))
            {
                Report(DiagnosticDescriptors.InvalidName, identity.Get("name"), "identity.name", name, ManifestVocabulary.IdentifierPattern);
            }

            // The SDK treats a provider as OAuth-capable when oauth_schema parses to an object (core/plugin_registration.py:664-668).
            if (name is not null && root.Get("oauth_schema") is YamlMapping oauth && root.LastKey("oauth_schema") is { } oauthKey)
            {
                _oauth = new OAuthProviderSpec(name, ManifestPath, Location(oauthKey), OAuthFields(oauth, "client_schema"), OAuthFields(oauth, "credentials_schema"));
            }

            Text(identity, "author", "identity.author", required: true, "Dify's daemon requires it");
            I18n(identity, "label", "identity.label", required: true, "Dify shows it as the provider's name");
            Text(identity, "icon", "identity.icon", required: true, "a file under _assets/");
        }

        AddReferences(root.Get("tools"), "tools");
    }

    private EquatableArray<OAuthFieldSpec> OAuthFields(YamlMapping oauth, string key)
    {
        var fields = new List<OAuthFieldSpec>();
        if (oauth.Get(key) is YamlSequence sequence)
        {
            var index = 0;
            foreach (var item in sequence.Items.OfType<YamlMapping>())
            {
                var path = $"oauth_schema.{key}[{index++}]";
                if (Text(item, "name", path + ".name", required: true, "the name Dify stores the value under") is { } name)
                {
                    fields.Add(new OAuthFieldSpec(name, Boolean(item, "required", path + ".required") ?? false));
                }
            }
        }

        return fields.ToEquatableArray();
    }

    private void AddReferences(YamlNode? node, string key)
    {
        if (node is null || node is YamlScalar { IsNull: true })
        {
            return;
        }

        if (node is not YamlSequence sequence)
        {
            Report(DiagnosticDescriptors.WrongNodeKind, node, key, "a list of file paths", node.KindName);
            return;
        }

        foreach (var item in sequence.Items.OfType<YamlScalar>())
        {
            _references.Add(new ReferenceSpec(ManifestPath, key, item.Value, Location(item)));
        }
    }

    private void Pattern(YamlMapping parent, string key, Regex pattern, string rule, string? path = null)
    {
        var value = Text(parent, key, path ?? key, required: true, rule, strict: false);
        if (value is not null && !pattern.IsMatch(value))
        {
            Report(DiagnosticDescriptors.InvalidPluginManifestValue, parent.Get(key), path ?? key, value, rule);
        }
    }
}
