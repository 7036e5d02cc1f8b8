using System;
using System.Collections.Generic;
using System.Linq;
using Dify.Plugin.Generator.Model;

namespace Dify.Plugin.Generator.Parsing;

/// <summary>The words of Dify's manifest schema, as the SDK, the daemon and Dify's UI accept them.</summary>
internal static class ManifestVocabulary
{
    public static readonly string[] ParameterTypes =
    {
        "string", "number", "boolean", "select", "secret-input", "file", "files", "model-selector", "app-selector",
        "checkbox", "any", "object", "array", "dynamic-select", "date", "date-range",
    };

    public static readonly string[] Forms = { "llm", "form", "schema" };

    public static readonly string[] Locales = { "en_US", "zh_Hans", "ja_JP", "pt_BR" };

    /// <summary>Model types in the order Dify's model selector picks the first present one.</summary>
    public static readonly string[] ModelTypesByPriority = { "llm", "text-embedding", "rerank", "moderation", "speech2text", "tts" };

    /// <summary>Feature tokens of a model-selector scope (the daemon's list and the UI's ModelFeatureEnum).</summary>
    public static readonly string[] ModelFeatureTokens =
    {
        "tool-call", "multi-tool-call", "agent-thought", "stream-tool-call", "vision", "video", "document", "audio", "structured-output",
    };

    public static readonly string[] AppSelectorScopeTokens = { "all", "chat", "workflow", "completion" };

    public static readonly string[] AnyScopeTokens = { "string", "number", "object", "array[number]", "array[string]", "array[object]", "array[file]" };

    private static readonly string[] ModelSelectorScopeTokens = ModelTypesByPriority.Concat(ModelFeatureTokens).ToArray();

    /// <summary>The tokens a parameter type's scope may join with &amp;, or null when the type takes no scope.</summary>
    public static string[]? ScopeTokens(string type) => type switch
    {
        "model-selector" => ModelSelectorScopeTokens,
        "app-selector" => AppSelectorScopeTokens,
        "any" => AnyScopeTokens,
        _ => null,
    };

    /// <summary>Whether parameters of a kind may set multiple: true (DIFY1016 otherwise).</summary>
    public static bool TakesMultiple(ParameterKind kind) => kind is ParameterKind.Select or ParameterKind.DynamicSelect;

    /// <summary>How a parameter type is bound (and which rules apply to it), or null for a type this version does not know.</summary>
    public static ParameterKind? KindOf(string type) => type switch
    {
        "string" or "secret-input" => ParameterKind.String,
        "number" => ParameterKind.Number,
        "boolean" => ParameterKind.Boolean,
        "select" => ParameterKind.Select,
        "file" => ParameterKind.File,
        "files" => ParameterKind.Files,
        "model-selector" => ParameterKind.ModelSelector,
        "app-selector" => ParameterKind.AppSelector,
        "object" or "array" or "any" => ParameterKind.Json,
        "dynamic-select" => ParameterKind.DynamicSelect,
        "checkbox" => ParameterKind.Checkbox,
        "date" => ParameterKind.Date,
        "date-range" => ParameterKind.DateRange,
        _ => null,
    };

    public static readonly string[] ToolTopLevelKeys = { "identity", "description", "parameters", "extra", "output_schema", "has_runtime_parameters" };

    public static readonly string[] ToolIdentityKeys = { "author", "name", "label" };

    public static readonly string[] ToolIdentityIgnoredKeys = { "icon", "icon_dark", "display_name", "description" };

    public static readonly string[] DescriptionKeys = { "human", "llm" };

    public static readonly string[] ParameterKeys =
    {
        "name", "label", "human_description", "type", "form", "llm_description", "required", "default", "min", "max",
        "precision", "options", "multiple", "scope", "auto_generate", "template", "input_schema", "dynamic_select_lazy_load",
        "dynamicSelectLazyLoad",
    };

    public static readonly string[] ParameterIgnoredKeys = { "placeholder", "show_on" };

    public static readonly string[] OptionKeys = { "value", "label", "icon", "show_on" };

    public static readonly string[] ProviderTopLevelKeys = { "identity", "credentials_for_provider", "credentials_schema", "oauth_schema", "tools", "extra" };

    public static readonly string[] ProviderIgnoredKeys = { "supported_model_types", "configurate_methods", "tags" };

    public static readonly string[] PluginTopLevelKeys =
    {
        "version", "type", "author", "name", "label", "description", "icon", "icon_dark", "repo", "created_at", "tags", "privacy",
        "resource", "plugins", "meta", "verified",
    };

    /// <summary>A tool's or provider's identity.name (the daemon's tool and provider name rule).</summary>
    public const string IdentifierPattern = "^[a-zA-Z0-9_-]+$";

    /// <summary>manifest.yaml's author (the daemon's plugin author rule).</summary>
    public const string PluginAuthorPattern = "^[a-z0-9_-]{1,64}$";

    /// <summary>manifest.yaml's name (the daemon's plugin name rule).</summary>
    public const string PluginNamePattern = "^[a-z0-9_-]{1,128}$";

    /// <summary>manifest.yaml's version and meta.version (the daemon's version rule).</summary>
    public const string VersionPattern = @"^\d{1,4}(\.\d{1,4}){2}(-\w{1,16})?$";

    /// <summary>The only value of manifest.yaml's type.</summary>
    public const string PluginType = "plugin";

    /// <summary>The only runner language Dify's daemon accepts.</summary>
    public const string RunnerLanguage = "python";

    /// <summary>Characters of one localized text Dify's daemon accepts at most (it rejects 1024 and more).</summary>
    public const int MaxTextLength = 1023;

    /// <summary>Plain scalars PyYAML (YAML 1.1) reads as true or false; YAML 1.2 editors read them as text.</summary>
    public static readonly string[] PlainTrueWords = { "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON" };

    public static readonly string[] PlainFalseWords = { "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF" };

    /// <summary>Texts (trimmed, any case) a boolean key also accepts, as pydantic's bool coercion does.</summary>
    public static readonly string[] TextTrueWords = { "true", "yes", "y", "1" };

    public static readonly string[] TextFalseWords = { "false", "no", "n", "0" };

    /// <summary>Locale keys that are a misspelling of a supported one (beyond a difference in case), with that locale.</summary>
    public static readonly KeyValuePair<string, string>[] LocaleMisspellings =
    {
        new("zh_CN", "zh_Hans"), new("zh-CN", "zh_Hans"), new("zh", "zh_Hans"), new("zh_SG", "zh_Hans"), new("zh-Hans", "zh_Hans"),
        new("en", "en_US"), new("en-US", "en_US"), new("en_GB", "en_US"), new("en-GB", "en_US"),
        new("ja", "ja_JP"), new("ja-JP", "ja_JP"),
        new("pt", "pt_BR"), new("pt-BR", "pt_BR"), new("pt_PT", "pt_BR"),
    };

    public static string ModelConfigType(string modelType) => modelType switch
    {
        "llm" => "global::Dify.Plugin.LLMModelConfig",
        "text-embedding" => "global::Dify.Plugin.TextEmbeddingModelConfig",
        "rerank" => "global::Dify.Plugin.RerankModelConfig",
        "tts" => "global::Dify.Plugin.TTSModelConfig",
        "speech2text" => "global::Dify.Plugin.Speech2TextModelConfig",
        "moderation" => "global::Dify.Plugin.ModerationModelConfig",
        _ => throw new ArgumentOutOfRangeException(nameof(modelType)),
    };

    /// <summary>The locale key a misspelt one most likely meant, or null when it is a real but unsupported locale.</summary>
    public static string? SuggestLocale(string key)
    {
        var exact = Locales.FirstOrDefault(locale => string.Equals(locale, key, StringComparison.OrdinalIgnoreCase));
        if (exact is not null)
        {
            return exact;
        }

        return LocaleMisspellings.FirstOrDefault(misspelling => misspelling.Key == key).Value;
    }

    /// <summary>The boolean a plain scalar means to PyYAML, or null when it is not one.</summary>
    public static bool? PlainBoolean(string value) =>
        Array.IndexOf(PlainTrueWords, value) >= 0 ? true : Array.IndexOf(PlainFalseWords, value) >= 0 ? false : null;

    /// <summary>The boolean a text means to a boolean key, or null when it means none.</summary>
    public static bool? TextBoolean(string value)
    {
        var word = value.Trim().ToLowerInvariant();
        return Array.IndexOf(TextTrueWords, word) >= 0 ? true : Array.IndexOf(TextFalseWords, word) >= 0 ? false : null;
    }

    public static IEnumerable<string> SplitScope(string scope) => scope.Split('&').Select(token => token.Trim());
}
