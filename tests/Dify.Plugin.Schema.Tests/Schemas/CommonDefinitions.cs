using System.Text.Json.Nodes;
using Dify.Plugin.Generator.Parsing;
using static Dify.Plugin.Schema.Tests.Schemas.SchemaParts;

namespace Dify.Plugin.Schema.Tests.Schemas;

/// <summary>
/// The value shapes every manifest shares, each stated as the generator's <c>ManifestReader</c> reads it: localized
/// text, text, booleans and numbers. A shape is as strict as the reader's warnings, never stricter, so a manifest the
/// generator accepts without a warning gets no schema error.
/// </summary>
internal static class CommonDefinitions
{
    public const string I18n = "i18n";
    public const string Text = "text";
    public const string LenientText = "lenientText";
    public const string Flag = "boolean";
    public const string Number = "number";

    /// <summary>Definitions for <c>#/definitions/...</c>; each schema file carries its own copy so that it stands alone.</summary>
    public static JsonObject All() => new()
    {
        [I18n] = LocalizedText(),
        // ManifestReader.Text(strict: true): a number or boolean is reported ("quote it").
        [Text] = new JsonObject { ["type"] = "string" },
        // ManifestReader.Text(strict: false): any scalar is read as its text.
        [LenientText] = new JsonObject { ["type"] = Types("string", "number", "boolean") },
        [Flag] = FlagSchema(),
        [Number] = new JsonObject { ["type"] = "number" },
    };

    /// <summary>
    /// ManifestReader.I18n: a mapping of locale to text; en_US is required and not empty; a value has fewer than 1024
    /// characters; a misspelt locale key (DIFY1010) is an error, a real but unsupported one (DIFY1030) only information.
    /// </summary>
    private static JsonObject LocalizedText()
    {
        var localeText = new JsonObject { ["type"] = Types("string", "null"), ["maxLength"] = ManifestVocabulary.MaxTextLength };
        var properties = new JsonObject();
        foreach (var locale in ManifestVocabulary.Locales)
        {
            properties[locale] = locale == "en_US"
                ? new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = ManifestVocabulary.MaxTextLength }
                    .Described("English text: Dify requires it and falls back to it for every other locale.")
                : localeText.DeepClone().AsObject().Described($"Text shown when Dify's interface is in {locale}.");
        }

        // A key that differs from a supported locale only in letter case, or a known misspelling, is one Dify never reads.
        var misspelt = new JsonObject
        {
            ["anyOf"] = new JsonArray(
                new JsonObject { ["pattern"] = "^(?:" + AnyCase(ManifestVocabulary.Locales) + ")$" },
                new JsonObject { ["enum"] = Strings(ManifestVocabulary.LocaleMisspellings.Select(misspelling => misspelling.Key)) }),
        };
        var supported = string.Join(", ", ManifestVocabulary.Locales);
        var unread = $"Not a locale key Dify reads, so this text is ignored; the keys are {supported}.";
        return new JsonObject
        {
            ["type"] = "object",
            ["description"] = $"Text in each language Dify shows: {supported}.",
            ["properties"] = properties,
            ["required"] = Strings(["en_US"]),
            ["propertyNames"] = new JsonObject
            {
                ["anyOf"] = new JsonArray(
                    new JsonObject { ["enum"] = Strings(ManifestVocabulary.Locales), ["errorMessage"] = unread },
                    new JsonObject { ["not"] = misspelt }),
            },
            ["additionalProperties"] = localeText.DeepClone(),
        };
    }

    /// <summary>
    /// ManifestReader.Boolean: a YAML boolean, or a text pydantic reads as one (true/yes/y/1, false/no/n/0 in any case).
    /// Editors read YAML 1.2, where PyYAML's yes/no/on/off are text, so those are accepted as text too.
    /// </summary>
    private static JsonObject FlagSchema()
    {
        var words = ManifestVocabulary.TextTrueWords.Concat(ManifestVocabulary.TextFalseWords)
            .Concat(ManifestVocabulary.PlainTrueWords).Concat(ManifestVocabulary.PlainFalseWords);
        return new JsonObject
        {
            ["anyOf"] = new JsonArray(
                new JsonObject { ["type"] = "boolean" },
                new JsonObject { ["enum"] = new JsonArray(0, 1) },
                new JsonObject { ["type"] = "string", ["pattern"] = @"^\s*(?:" + AnyCase(words) + @")\s*$" }),
        };
    }

    /// <summary>A value ManifestReader.Boolean reads as true.</summary>
    public static JsonObject TrueValue()
    {
        var trueWords = ManifestVocabulary.TextTrueWords.Concat(ManifestVocabulary.PlainTrueWords);
        return new JsonObject
        {
            ["anyOf"] = new JsonArray(
                new JsonObject { ["const"] = true },
                new JsonObject { ["const"] = 1 },
                new JsonObject { ["type"] = "string", ["pattern"] = @"^\s*(?:" + AnyCase(trueWords) + @")\s*$" }),
        };
    }

    /// <summary>A boolean that is false or absent: what a key may hold where true is reported.</summary>
    public static JsonObject FalseOrAbsent(string message)
    {
        JsonObject Alternative(JsonObject schema) => schema.With("errorMessage", message);
        var falseWords = ManifestVocabulary.TextFalseWords.Concat(ManifestVocabulary.PlainFalseWords);
        return new JsonObject
        {
            ["anyOf"] = new JsonArray(
                Alternative(new JsonObject { ["type"] = "null" }),
                Alternative(new JsonObject { ["const"] = false }),
                Alternative(new JsonObject { ["const"] = 0 }),
                Alternative(new JsonObject { ["type"] = "string", ["pattern"] = @"^\s*(?:" + AnyCase(falseWords) + @")\s*$" })),
        };
    }
}
