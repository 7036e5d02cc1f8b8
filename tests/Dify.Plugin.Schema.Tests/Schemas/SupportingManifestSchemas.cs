using System.Text.Json.Nodes;
using Dify.Plugin.Generator.Parsing;
using static Dify.Plugin.Schema.Tests.Schemas.CommonDefinitions;
using static Dify.Plugin.Schema.Tests.Schemas.SchemaParts;

namespace Dify.Plugin.Schema.Tests.Schemas;

/// <summary>The JSON Schemas of <c>manifest.yaml</c> and <c>provider/*.yaml</c>, from the rules of <c>SupportingManifestParser</c>.</summary>
internal static class SupportingManifestSchemas
{
    public static JsonObject Provider() => new JsonObject
    {
        ["$schema"] = ManifestSchemas.Draft,
        ["title"] = "Dify tool provider manifest",
        ["description"] = "The tool provider of a Dify plugin (provider/*.yaml): its identity, credentials and the tool files it lists.",
        ["type"] = "object",
        ["properties"] = Properties(
            ("identity", Object(
                Properties(
                    ("name", new JsonObject { ["type"] = "string", ["pattern"] = ManifestVocabulary.IdentifierPattern, ["patternErrorMessage"] = $"Dify's daemon requires a name matching {ManifestVocabulary.IdentifierPattern}." }
                        .Described("The provider id Dify uses.")),
                    ("author", Ref(Text).Described("The provider's author; Dify's daemon requires it.")),
                    ("label", Ref(I18n).Described("The provider's name as Dify shows it.")),
                    ("icon", Ref(Text).Described("A file under _assets/."))),
                ["name", "author", "label", "icon"],
                closed: false)),
            ("tools", new JsonObject { ["type"] = Types("array", "null"), ["items"] = new JsonObject { ["type"] = "string" } }
                .Described("The tool manifests of this provider, relative to the plugin's folder (tools/x.yaml).")),
            ("credentials_for_provider", new JsonObject().Described("The credentials a user enters for the provider (a mapping of name to field).")),
            ("credentials_schema", new JsonObject().Described("The credentials a user enters for the provider, as a list of fields.")),
            ("oauth_schema", new JsonObject
            {
                ["type"] = Types("object", "null"),
                ["properties"] = Properties(("client_schema", OAuthFields()), ("credentials_schema", OAuthFields())),
            }.Described("The provider's OAuth client and credential fields; Dify.Plugin generates records for them.")),
            ("extra", new JsonObject().Described("Runtime settings of the Python SDK; a C# plugin does not need them."))),
        ["required"] = Strings(["identity"]),
        ["additionalProperties"] = false,
        ["definitions"] = All(),
    }.WithIgnored(ManifestVocabulary.ProviderIgnoredKeys, "a tool provider");

    public static JsonObject Plugin()
    {
        var modelTypes = new[] { "enabled", "llm", "text_embedding", "rerank", "tts", "speech2text", "moderation" };
        return new JsonObject
        {
            ["$schema"] = ManifestSchemas.Draft,
            ["title"] = "Dify plugin manifest",
            ["description"] = "A Dify plugin's manifest.yaml: its identity, version, resources and permissions, runner and the provider files it lists.",
            ["type"] = "object",
            ["properties"] = Properties(
                ("version", Pattern(ManifestVocabulary.VersionPattern, "The plugin's version, such as 0.0.1.")),
                ("type", Const(ManifestVocabulary.PluginType).With("errorMessage", $"type must be '{ManifestVocabulary.PluginType}'.")),
                ("author", Pattern(ManifestVocabulary.PluginAuthorPattern, "The author's id: lowercase letters, digits, _ and - (1 to 64).")),
                ("name", Pattern(ManifestVocabulary.PluginNamePattern, "The plugin's id: lowercase letters, digits, _ and - (1 to 128).")),
                ("label", Ref(I18n).Described("The plugin's name as Dify shows it.")),
                ("description", Ref(I18n).Described("Shown in Dify's plugin list.")),
                ("icon", Ref(Text).Described("A file under _assets/.")),
                ("icon_dark", new JsonObject().Described("A file under _assets/ for the dark theme.")),
                ("repo", new JsonObject().Described("The plugin's source repository.")),
                ("created_at", Ref(LenientText).Described("An RFC 3339 time such as 2026-01-31T00:00:00Z.")),
                ("tags", new JsonObject()),
                ("privacy", new JsonObject().Described("The plugin's privacy policy (a file such as PRIVACY.md).")),
                ("verified", new JsonObject()),
                ("resource", Object(
                    Properties(
                        ("memory", new JsonObject { ["type"] = "number", ["exclusiveMinimum"] = 0 }.Described("Memory in bytes; Dify's daemon requires a non-zero size.")),
                        ("permission", new JsonObject
                        {
                            ["type"] = Types("object", "null"),
                            ["properties"] = Properties(("model", new JsonObject
                            {
                                ["type"] = Types("object", "null"),
                                ["properties"] = Properties(modelTypes.Select(key => (key, (JsonNode)Ref(Flag))).ToArray()),
                            }.Described("Which models the plugin may invoke; the analyzers check each call against it."))),
                        }.Described("What the plugin may call back into Dify."))),
                    ["memory"],
                    closed: false)),
                ("plugins", Object(
                    Properties(("tools", new JsonObject
                    {
                        ["type"] = Types("array", "null"),
                        ["items"] = new JsonObject { ["type"] = "string" },
                        ["maxItems"] = 1,
                        ["errorMessage"] = "A plugin has one tool provider: Dify's daemon keeps only the first.",
                    }.Described("The tool provider file (provider/x.yaml)."))),
                    closed: false).Described("The provider files of the plugin.")),
                ("meta", Object(
                    Properties(
                        ("version", Pattern(ManifestVocabulary.VersionPattern, "The manifest-spec version, such as 0.0.1.")),
                        ("runner", Object(
                            Properties(
                                ("language", Const(ManifestVocabulary.RunnerLanguage).With("errorMessage", "Dify's daemon accepts only python; a C# plugin declares python and connects over the same protocol.")),
                                ("version", Ref(LenientText).Described("For example \"3.12\".")),
                                ("entrypoint", Ref(Text).Described("For example main."))),
                            ["language", "version", "entrypoint"],
                            closed: false))),
                    ["version", "runner"],
                    closed: false))),
            ["required"] = Strings(["version", "type", "author", "name", "label", "description", "icon", "created_at", "resource", "meta", "plugins"]),
            ["additionalProperties"] = false,
            ["definitions"] = All(),
        };
    }

    /// <summary>SupportingManifestParser.Pattern: lenient text that must match one of the daemon's patterns (DIFY1050).</summary>
    private static JsonObject Pattern(string pattern, string description) => new JsonObject
    {
        ["type"] = Types("string", "number", "boolean"),
        ["pattern"] = pattern,
        ["patternErrorMessage"] = $"Dify's daemon requires a value matching {pattern}.",
    }.Described(description);

    private static JsonObject OAuthFields() => new()
    {
        ["type"] = Types("array", "null"),
        ["items"] = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = Properties(("name", Ref(Text).Described("The name Dify stores the value under.")), ("required", Ref(Flag))),
            ["required"] = Strings(["name"]),
        },
    };
}
