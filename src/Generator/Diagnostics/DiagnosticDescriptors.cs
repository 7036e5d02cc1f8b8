using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Dify.Plugin.Generator.Diagnostics;

/// <summary>
/// Every diagnostic of Dify.Plugin. <c>DIFY1xxx</c> are about manifests (located in the YAML), <c>DIFY2xxx</c> about
/// C# code. Each has a page at <c>docs/diagnostics/&lt;ID&gt;.md</c>.
/// </summary>
internal static class DiagnosticDescriptors
{
    public const string HelpLinkBase = "https://github.com/dify-dotnet/dify-plugin/blob/main/docs/diagnostics/";
    private const string Manifest = "Dify.Manifest";
    private const string Usage = "Dify.Usage";

    public static readonly DiagnosticDescriptor YamlSyntaxError = Create(
        "DIFY1001", "Manifest is not valid YAML", "{0} is not valid YAML: {1}", Manifest, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor WrongNodeKind = Create(
        "DIFY1002", "Manifest value has the wrong shape", "'{0}' must be {1}, but it is {2}", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor MissingRequiredKey = Create(
        "DIFY1003", "Manifest lacks a required key", "'{0}' is required: {1}", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor EmptyLlmDescription = Create(
        "DIFY1004", "Tool has no description for the LLM", "'description.llm' must not be empty: Dify's daemon rejects the tool at registration and agents get no description of it", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor InvalidName = Create(
        "DIFY1005", "Name does not match Dify's pattern", "{0} '{1}' does not match {2}, which Dify's daemon requires", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnknownParameterType = Create(
        "DIFY1006", "Unknown parameter type", "Parameter '{0}' has type '{1}', which this version does not know{2}; it is bound as JsonElement", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnknownForm = Create(
        "DIFY1007", "Unknown parameter form", "Parameter '{0}' has form '{1}'; it must be llm, form or schema", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor MissingEnglish = Create(
        "DIFY1008", "Text lacks en_US", "'{0}' has no en_US text; Dify requires it and falls back to it for every other locale", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor TextTooLong = Create(
        "DIFY1009", "Text is too long", "'{0}.{1}' has {2} characters; Dify's daemon accepts fewer than 1024", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnknownLocale = Create(
        "DIFY1010", "Misspelt locale key", "'{0}' is not a locale key Dify reads, so this text is ignored; did you mean '{1}'?", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DuplicateParameter = Create(
        "DIFY1011", "Duplicate parameter name", "Parameter '{0}' is declared again (first at line {1}); Dify keeps only the last value, so this one is skipped", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ScopeNotAllowed = Create(
        "DIFY1012", "Scope on a type that cannot have one", "Parameter '{0}' of type '{1}' has a scope; only model-selector, app-selector and any take one, and Dify's daemon rejects it elsewhere", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor InvalidScopeToken = Create(
        "DIFY1013", "Invalid scope token", "Scope token '{0}' of parameter '{1}' is not valid for a {2}{3}", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ScopeWithoutModelType = Create(
        "DIFY1014", "Model selector scope names no model type", "The scope '{0}' of parameter '{1}' names no model type, so Dify's model selector lists no model; add one such as llm (for example llm&{0})", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SelectorFilledByLlm = Create(
        "DIFY1015", "Selector parameter filled by the LLM", "Parameter '{0}' is a {1} with form: llm; the user cannot pick a value and Dify reports \"Model cannot be empty\". Use form: form", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor MultipleNotAllowed = Create(
        "DIFY1016", "'multiple' on a type that cannot have it", "Parameter '{0}' of type '{1}' sets multiple; only select and dynamic-select can, and Dify rejects the whole tool list otherwise", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DefaultListMismatch = Create(
        "DIFY1017", "Default does not match 'multiple'", "The default of parameter '{0}' {1}; the default must be a list exactly when multiple is true", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor EmptyOptionValue = Create(
        "DIFY1018", "Empty option value", "An option of parameter '{0}' has an empty value; Dify's daemon rejects it (ParameterOption.Value is required)", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor OptionValueNotString = Create(
        "DIFY1019", "Option value read by YAML as a boolean or number", "Option value {0} of parameter '{2}' is read by YAML as a {1}, so Dify may send \"{3}\"; quote it", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DefaultNotAnOption = Create(
        "DIFY1020", "Select default is not an option", "The default '{0}' of parameter '{1}' is not one of its options; Dify raises \"value not in options\" when the default is used", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DefaultWrongType = Create(
        "DIFY1021", "Default does not fit the type", "The default {0} of parameter '{1}' is not a valid {2}; it is not applied", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor LlmParameterWithoutDescription = Create(
        "DIFY1022", "LLM parameter without llm_description", "Parameter '{0}' is filled by the LLM (form: llm) but has no llm_description; the model sees an empty description", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ArrayWithoutInputSchema = Create(
        "DIFY1023", "LLM array parameter without input_schema", "Parameter '{0}' is an array filled by the LLM without input_schema; its schema has no items, which strict function-calling providers reject", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnknownKey = Create(
        "DIFY1024", "Unknown manifest key", "'{0}' is not a key of {1}, so Dify ignores it{2}", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor KeyIgnoredByDify = Create(
        "DIFY1025", "Key ignored by Dify", "'{0}' in {1} is dropped by Dify's daemon or SDK and never reaches Dify", Manifest, DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor OptionsIgnored = Create(
        "DIFY1026", "Options on a type that ignores them", "Parameter '{0}' of type '{1}' has options; only select shows them, so they are ignored", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor FileFilledByLlm = Create(
        "DIFY1027", "File parameter filled by the LLM", "Parameter '{0}' is a {1} with form: llm; Dify leaves files out of the agent's tool schema, so only workflows can pass it", Manifest, DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor SecretFilledByLlm = Create(
        "DIFY1028", "Secret filled by the LLM", "Parameter '{0}' is a secret-input with form: llm; the model is asked to supply a secret. Use form: form or a provider credential", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DuplicateKey = Create(
        "DIFY1029", "Duplicate key", "{0}; Dify's daemon rejects a manifest with duplicate keys", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnsupportedLocale = Create(
        "DIFY1030", "Locale Dify does not support", "'{0}' is a locale Dify does not read (only en_US, zh_Hans, ja_JP and pt_BR), so this text is never shown", Manifest, DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor ManifestOverLimit = Create(
        "DIFY1031", "Manifest is over a generator limit", "{0} is over a limit of the generator: {1}; no code is generated for it. Real manifests stay far below every limit; look for generated or repeated content", Manifest, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor TooManyDiagnostics = Create(
        "DIFY1032", "Too many diagnostics of one rule", "{0} more {1} diagnostics in {2} are not shown (at most {3} of a rule per file); fix the ones shown and build again", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DuplicateToolName = Create(
        "DIFY1040", "Duplicate tool name", "Tool '{0}' is also declared in {1}; no code is generated for this one", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ToolWithoutClass = Create(
        "DIFY1041", "Tool has no class", "Tool '{0}' has no class; add [DifyTool(\"{0}\")] public partial class {1} with InvokeAsync({2} parameters, CancellationToken cancellationToken)", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor InvalidPluginManifestValue = Create(
        "DIFY1050", "Plugin manifest value is invalid", "manifest.yaml '{0}' is '{1}': {2}", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor RunnerLanguageNotPython = Create(
        "DIFY1051", "Runner language must be python", "meta.runner.language is '{0}', but Dify's daemon accepts only 'python'; a C# plugin declares python and connects over the same protocol", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor MissingReferencedFile = Create(
        "DIFY1052", "Referenced file is missing", "'{0}' lists '{1}', which is not among the manifests of this project (AdditionalFiles)", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SecondToolProvider = Create(
        "DIFY1053", "More than one tool provider", "manifest.yaml lists {0} tool providers, but Dify's daemon keeps only the first ('{1}') and ignores the others; a plugin has one tool provider", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor YamlLibraryConflict = Create(
        "DIFY1099", "YAML library could not be used", "The generator could not use YamlDotNet ({0}): {1}. Another analyzer in this build probably loaded a different YamlDotNet version; update the packages so that they agree, or build with the .NET SDK, which isolates analyzers", Manifest, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidNamespaceOption = Create(
        "DIFY1060", "Invalid namespace for generated code", "DifyPluginNamespace '{0}' is not a valid C# namespace; '{1}' is used instead", Manifest, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ToolsWithoutToolCallScope = Create(
        "DIFY2001", "Tools passed to a model that may not call tools", "The tools passed here will not take effect with every model: the model comes from parameter '{0}' ({1}), whose scope '{2}' lacks tool-call; add &tool-call so that Dify offers only models that can call tools", Usage, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor HandBuiltModelConfig = Create(
        "DIFY2002", "Hand-built model config", "This {0} is built from literals, so it works only in workspaces where provider '{1}' is configured; add a model-selector parameter to {2} and let the user pick the model", Usage, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UndeclaredParameter = Create(
        "DIFY2003", "Parameter not declared in the manifest", "Tool '{0}' declares no parameter '{1}', so Dify never sends it{2}", Usage, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor MissingModelPermission = Create(
        "DIFY2004", "Model call without the manifest permission", "{0} needs resource.permission.model.enabled and .{1} in manifest.yaml; without them Dify answers \"permission denied, you need to enable {2} access in plugin manifest\"", Usage, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnconsumedInvocation = Create(
        "DIFY2005", "Model call whose result is never consumed", "The {0} returned by {1} is {2}", Usage, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ContentWithoutFeatureScope = Create(
        "DIFY2006", "Content the selected model may not accept", "{0} content is sent to the model from parameter '{1}' ({2}), whose scope '{3}' lacks {4}; add &{4} so that Dify offers only models that accept it", Usage, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SecretWritten = Create(
        "DIFY2007", "Secret written where it can leak", "{0} is a secret ({1}) and is written into {2}, where the user, Dify's logs or the model can read it", Usage, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor MissingServicePermission = Create(
        "DIFY2008", "Service call without the manifest permission", "{0} needs {1} in manifest.yaml; {2}", Usage, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnknownTool = Create(
        "DIFY2101", "No manifest declares this tool", "[DifyTool(\"{0}\")] names a tool that no tools/*.yaml declares{1}", Usage, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ToolClassNotPartial = Create(
        "DIFY2102", "Tool class must be partial", "Class '{0}' has [DifyTool] but is not partial; make it partial so the generator can connect it to its manifest", Usage, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ToolClassWithoutInvoke = Create(
        "DIFY2103", "Tool class lacks InvokeAsync", "Class '{0}' needs a method 'IAsyncEnumerable<ToolInvokeMessage> InvokeAsync({1} parameters, CancellationToken cancellationToken)' for tool '{2}'", Usage, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ToolClassHasBaseClass = Create(
        "DIFY2104", "Tool class derives from another class", "Class '{0}' derives from '{1}'; a [DifyTool] class gets Dify.Plugin.Tool as its base from the generator", Usage, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateToolClass = Create(
        "DIFY2105", "Two classes implement one tool", "Tool '{0}' is already implemented by '{1}'", Usage, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ClassCannotBeCreated = Create(
        "DIFY2106", "Tool or provider class the plugin cannot create", "{0} '{1}' {2}", Usage, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ToolClassDeclaresGeneratedMember = Create(
        "DIFY2107", "Tool class declares a member the generator writes", "Class '{0}' declares '{1}', which the generator writes into every tool class; rename it", Usage, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor TypeTakesRecordName = Create(
        "DIFY2108", "Type has the name of a generated parameter record", "Type '{0}' in namespace '{1}' has the name of the parameter record generated for tool '{2}' from {3}; rename it, or declare it 'partial record {0}' to add members to the generated record", Usage, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor OAuthWithoutMembers = Create(
        "DIFY2109", "Provider declares oauth_schema without the OAuth members", "Provider '{0}' declares oauth_schema in {1}, so Dify offers OAuth authorization, but {2}; override GetAuthorizationUrlAsync, GetOAuthCredentialsAsync and RefreshOAuthCredentialsAsync", Usage, DiagnosticSeverity.Error);

    private static readonly Dictionary<string, DiagnosticDescriptor> All = typeof(DiagnosticDescriptors)
        .GetFields()
        .Where(field => field.FieldType == typeof(DiagnosticDescriptor))
        .Select(field => (DiagnosticDescriptor)field.GetValue(null)!)
        .ToDictionary(descriptor => descriptor.Id);

    public static IEnumerable<DiagnosticDescriptor> Descriptors => All.Values;

    public static DiagnosticDescriptor ById(string id) => All[id];

    private static DiagnosticDescriptor Create(string id, string title, string message, string category, DiagnosticSeverity severity) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");
}
