using System;
using Dify.Plugin.Generator.Diagnostics;
using Dify.Plugin.Generator.Helpers;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Dify.Plugin.Generator.Model;

/// <summary>An I18n text: en_US and the other locales Dify reads.</summary>
internal sealed record I18nSpec(string? EnUs, string? ZhHans, string? JaJp, string? PtBr)
{
    public static I18nSpec Empty { get; } = new(null, null, null, null);
}

/// <summary>A select option: its exact value and label.</summary>
internal sealed record OptionSpec(string Value, string Identifier, I18nSpec Label);

/// <summary>How a parameter maps to C#.</summary>
internal enum ParameterKind
{
    String,
    Number,
    Boolean,
    Select,
    File,
    Files,
    ModelSelector,
    AppSelector,
    Json,
    DynamicSelect,
    Checkbox,
    Date,
    DateRange,
}

/// <summary>A parameter's default, already checked against its type (null when absent or unusable).</summary>
internal sealed record DefaultSpec(string? Text, double? Number, bool? Boolean, EquatableArray<int> OptionIndexes, bool IsList);

/// <summary>One parameter of a tool, ready to emit.</summary>
internal sealed record ParameterSpec(
    string Name,
    string PropertyName,
    string Type,
    ParameterKind Kind,
    string Form,
    bool Required,
    bool Multiple,
    string? Scope,
    string? ModelConfigType,
    I18nSpec Label,
    I18nSpec HumanDescription,
    string? LlmDescription,
    double? Min,
    double? Max,
    EquatableArray<OptionSpec> Options,
    string? EnumName,
    DefaultSpec? Default,
    string? InputSchemaJson,
    int Line);

/// <summary>A tool manifest, parsed: what the emitter needs and the diagnostics found.</summary>
internal sealed record ToolSpec(
    string FilePath,
    string ManifestPath,
    string Name,
    string RecordName,
    string ClassName,
    I18nSpec Label,
    I18nSpec HumanDescription,
    string LlmDescription,
    EquatableArray<ParameterSpec> Parameters,
    string LlmSchemaJson,
    LocationInfo? NameLocation);

/// <summary>The result of parsing one manifest: the model when one could be built, and diagnostics either way.</summary>
internal sealed record ParseResult<T>(T? Value, EquatableArray<DiagnosticInfo> Diagnostics)
    where T : class
{
    /// <summary>The manifest as Dify's daemon receives it, made from the same parse; null when the YAML could not be read.</summary>
    public DeclarationSpec? Declaration { get; init; }
}

/// <summary>What a provider or plugin manifest references, for cross-file checks.</summary>
internal sealed record ReferenceSpec(string FromPath, string Key, string Target, LocationInfo? Location);

/// <summary>A provider or plugin manifest, parsed.</summary>
internal sealed record SupportingManifestSpec(string FilePath, EquatableArray<ReferenceSpec> References, EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>The model permissions of <c>manifest.yaml</c> (<c>resource.permission.model</c>); null for providers.</summary>
    public ModelPermissions? Permissions { get; init; }

    /// <summary>The manifest as Dify's daemon receives it, made from the same parse; null when the YAML could not be read.</summary>
    public DeclarationSpec? Declaration { get; init; }

    /// <summary>The provider and its <c>oauth_schema</c> key when a provider manifest declares one; null otherwise.</summary>
    public OAuthProviderSpec? OAuth { get; init; }
}

/// <summary><c>resource.permission.model</c> of manifest.yaml: the flags the daemon checks before a backwards invocation.</summary>
internal sealed record ModelPermissions(bool Enabled, bool Llm, bool TextEmbedding, bool Rerank, bool Tts, bool Speech2Text, bool Moderation)
{
    public static ModelPermissions None { get; } = new(false, false, false, false, false, false, false);

    /// <summary>The flag of <c>manifest.yaml</c> an invocation needs, by its wire key.</summary>
    public bool Allows(string flag) => Enabled && flag switch
    {
        "llm" => Llm,
        "text_embedding" => TextEmbedding,
        "rerank" => Rerank,
        "tts" => Tts,
        "speech2text" => Speech2Text,
        "moderation" => Moderation,
        _ => false,
    };
}

/// <summary>Settings from MSBuild.</summary>
/// <param name="ReportsDiagnostics">
/// Whether the generator reports the diagnostics that <c>GeneratorDiagnosticsAnalyzer</c> otherwise reports: only when
/// the build runs no analyzers (<c>DifyPluginGeneratorDiagnostics</c>, set by Dify.Plugin.targets).
/// </param>
internal sealed record GeneratorOptions(string Namespace, string? ProjectDirectory, DiagnosticInfo? NamespaceDiagnostic, bool ReportsDiagnostics = false)
{
    /// <summary>The settings from the project's MSBuild properties.</summary>
    public static GeneratorOptions Read(AnalyzerConfigOptions options)
    {
        options.TryGetValue("build_property.ProjectDir", out var projectDirectory);
        var configured = options.TryGetValue("build_property.DifyPluginNamespace", out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
        var reportsDiagnostics = options.TryGetValue("build_property.DifyPluginGeneratorDiagnostics", out var mode) && string.Equals(mode.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        var root = options.TryGetValue("build_property.RootNamespace", out var rootNamespace) && Identifiers.IsValidNamespace(rootNamespace.Trim()) ? rootNamespace.Trim() : "DifyPlugin";
        if (configured is not null && !Identifiers.IsValidNamespace(configured))
        {
            return new GeneratorOptions(root, projectDirectory, DiagnosticInfo.Create(DiagnosticDescriptors.InvalidNamespaceOption, null, configured, root), reportsDiagnostics);
        }

        return new GeneratorOptions(configured ?? root, string.IsNullOrWhiteSpace(projectDirectory) ? null : projectDirectory, null, reportsDiagnostics);
    }
}
