using System;
using System.Collections.Generic;
using System.Linq;

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

        return key switch
        {
            "zh_CN" or "zh-CN" or "zh" or "zh_SG" or "zh-Hans" => "zh_Hans",
            "en" or "en-US" or "en_GB" or "en-GB" => "en_US",
            "ja" or "ja-JP" => "ja_JP",
            "pt" or "pt-BR" or "pt_PT" => "pt_BR",
            _ => null,
        };
    }

    public static IEnumerable<string> SplitScope(string scope) => scope.Split('&').Select(token => token.Trim());
}
