using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using Dify.Plugin.Generator.Diagnostics;
using Dify.Plugin.Generator.Helpers;
using Dify.Plugin.Generator.Model;

namespace Dify.Plugin.Generator.Parsing;

/// <summary>
/// Reads one <c>tools/*.yaml</c> into a <see cref="ToolSpec"/> and the diagnostics the daemon's rules (the strictest of
/// Dify's validators) call for. Never throws for bad input: whatever cannot be emitted is skipped and reported.
/// </summary>
internal sealed class ToolManifestParser : ManifestReader
{
    private static readonly Regex ToolNamePattern = new(ManifestVocabulary.IdentifierPattern, RegexOptions.CultureInvariant);
    private static readonly string[] ReservedMemberNames =
    {
        "Bind", "TryBind", "Descriptor", "ToWireValue", "EqualityContract", "Equals", "GetHashCode", "ToString", "GetType",
        "MemberwiseClone", "PrintMembers", "Deconstruct", "Finalize", "ManifestPath", "ToolName",
        // A record may not declare a member named Clone (CS8859).
        "Clone",
    };

    private ToolManifestParser(string filePath, string manifestPath)
        : base(filePath, manifestPath)
    {
    }

    public static ParseResult<ToolSpec> Parse(string filePath, string manifestPath, string text, CancellationToken cancellationToken)
    {
        var parser = new ToolManifestParser(filePath, manifestPath);
        ToolSpec? spec;
        try
        {
            spec = parser.ParseTool(text, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            parser.ReportParserFailure(exception);
            spec = null;
        }

        return new ParseResult<ToolSpec>(spec, parser.Diagnostics.ToEquatableArray(manifestPath))
        {
            Declaration = parser.Root is { } root ? DeclarationReader.Read("tool", manifestPath, root) : null,
        };
    }

    private ToolSpec? ParseTool(string text, CancellationToken cancellationToken)
    {
        var root = LoadRoot(text);
        if (root is null)
        {
            return null;
        }

        CheckKeys(root, "a tool manifest", ManifestVocabulary.ToolTopLevelKeys);
        var identity = Mapping(root, "identity", "identity", required: true, "every tool needs an identity with author, name and label");
        string? name = null;
        YamlNode? nameNode = null;
        var label = I18nSpec.Empty;
        if (identity is not null)
        {
            CheckKeys(identity, "identity", ManifestVocabulary.ToolIdentityKeys, ManifestVocabulary.ToolIdentityIgnoredKeys);
            name = Text(identity, "name", "identity.name", required: true, "the tool's name is how Dify and the code refer to it");
            nameNode = identity.Get("name");
            Text(identity, "author", "identity.author", required: true, "Dify's daemon requires it");
            label = I18n(identity, "label", "identity.label", required: true, "Dify shows it as the tool's name");
            if (name is not null && !ToolNamePattern.IsMatch(name))
            {
                Report(DiagnosticDescriptors.InvalidName, nameNode, "identity.name", name, ManifestVocabulary.IdentifierPattern);
            }
        }

        var description = Mapping(root, "description", "description", required: true, "Dify shows description.human to users and gives description.llm to agents");
        var human = I18nSpec.Empty;
        var llmDescription = "";
        if (description is not null)
        {
            CheckKeys(description, "description", ManifestVocabulary.DescriptionKeys);
            human = I18n(description, "human", "description.human", required: true, "Dify shows it to users");
            var llm = Text(description, "llm", "description.llm", required: false, "", strict: false);
            if (string.IsNullOrWhiteSpace(llm))
            {
                Report(DiagnosticDescriptors.EmptyLlmDescription, description.Get("llm") ?? KeyNode(description, "llm") ?? description);
            }

            llmDescription = llm ?? "";
        }

        var parameters = ParseParameters(root, cancellationToken);
        if (name is null || name.Length == 0)
        {
            return null;
        }

        var baseName = Identifiers.ToPascalCase(name);
        if (baseName.Length == 0)
        {
            baseName = "Tool" + Identifiers.StableHash(name);
        }

        var recordName = baseName + "Parameters";
        var properties = AssignPropertyNames(parameters, recordName);
        return new ToolSpec(
            FilePath,
            ManifestPath,
            name,
            recordName,
            baseName + "Tool",
            label,
            human,
            llmDescription,
            properties.ToEquatableArray(),
            LlmSchema.Build(properties),
            nameNode?.Location(FilePath));
    }

    private List<ParameterSpec> ParseParameters(YamlMapping root, CancellationToken cancellationToken)
    {
        var result = new List<ParameterSpec>();
        var node = root.Get("parameters");
        if (node is null || node is YamlScalar { IsNull: true })
        {
            return result;
        }

        if (node is not YamlSequence sequence)
        {
            Report(DiagnosticDescriptors.WrongNodeKind, node, "parameters", "a list", node.KindName);
            return result;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in sequence.Items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (item is not YamlMapping mapping)
            {
                Report(DiagnosticDescriptors.WrongNodeKind, item, "parameters[]", "a mapping", item.KindName);
                continue;
            }

            var parameter = ParseParameter(mapping);
            if (parameter is null)
            {
                continue;
            }

            if (seen.TryGetValue(parameter.Name, out var firstLine))
            {
                Report(DiagnosticDescriptors.DuplicateParameter, mapping.Get("name"), parameter.Name, firstLine.ToString(CultureInfo.InvariantCulture));
                continue;
            }

            seen.Add(parameter.Name, parameter.Line);
            result.Add(parameter);
        }

        return result;
    }

    private ParameterSpec? ParseParameter(YamlMapping mapping)
    {
        CheckKeys(mapping, "a parameter", ManifestVocabulary.ParameterKeys, ManifestVocabulary.ParameterIgnoredKeys);
        var name = Text(mapping, "name", "parameters[].name", required: true, "parameters without a name cannot be passed");
        if (name is null || name.Length == 0)
        {
            return null;
        }

        var path = $"parameters[{name}]";
        var label = I18n(mapping, "label", path + ".label", required: true, "Dify shows it in the tool's form");
        var humanDescription = I18n(mapping, "human_description", path + ".human_description", required: true, "Dify's daemon requires it");
        var llmDescription = Text(mapping, "llm_description", path + ".llm_description", required: false, "", strict: false);
        var type = Text(mapping, "type", path + ".type", required: true, "it decides the parameter's C# type") ?? "string";
        var typeNode = mapping.Get("type");
        var form = Text(mapping, "form", path + ".form", required: true, "llm (filled by the model) or form (set by the user)") ?? "form";
        var required = Boolean(mapping, "required", path + ".required") ?? false;
        var multiple = Boolean(mapping, "multiple", path + ".multiple") ?? false;
        var min = Number(mapping, "min", path + ".min");
        var max = Number(mapping, "max", path + ".max");
        Number(mapping, "precision", path + ".precision");
        var line = (int)mapping.Start.Line;

        if (!ManifestVocabulary.Forms.Contains(form))
        {
            Report(DiagnosticDescriptors.UnknownForm, mapping.Get("form"), name, form);
        }

        var kind = ManifestVocabulary.KindOf(type);
        if (kind is null)
        {
            var suggestion = StringSimilarity.Closest(type, ManifestVocabulary.ParameterTypes);
            Report(DiagnosticDescriptors.UnknownParameterType, typeNode, name, type, suggestion is null ? "" : $" (did you mean '{suggestion}'?)");
        }

        var parameterKind = kind ?? ParameterKind.Json;
        if (multiple && !ManifestVocabulary.TakesMultiple(parameterKind))
        {
            Report(DiagnosticDescriptors.MultipleNotAllowed, mapping.Get("multiple"), name, type);
            multiple = false;
        }

        var scope = ParseScope(mapping, name, type, parameterKind);
        string? modelConfigType = null;
        if (parameterKind == ParameterKind.ModelSelector)
        {
            var tokens = scope is null ? new[] { "llm" } : ManifestVocabulary.SplitScope(scope).ToArray();
            var modelType = ManifestVocabulary.ModelTypesByPriority.FirstOrDefault(tokens.Contains);
            modelConfigType = modelType is null ? null : ManifestVocabulary.ModelConfigType(modelType);
            if (modelType is null)
            {
                parameterKind = ParameterKind.Json;
            }
        }

        if (form == "llm")
        {
            if (parameterKind is ParameterKind.ModelSelector or ParameterKind.AppSelector || type is "model-selector" or "app-selector")
            {
                Report(DiagnosticDescriptors.SelectorFilledByLlm, mapping.Get("form"), name, type);
            }

            if (parameterKind is ParameterKind.File or ParameterKind.Files)
            {
                Report(DiagnosticDescriptors.FileFilledByLlm, mapping.Get("form"), name, type);
            }
            else if (string.IsNullOrWhiteSpace(llmDescription) && mapping.Get("input_schema") is null)
            {
                Report(DiagnosticDescriptors.LlmParameterWithoutDescription, mapping.Get("name"), name);
            }

            if (type == "secret-input")
            {
                Report(DiagnosticDescriptors.SecretFilledByLlm, mapping.Get("form"), name);
            }

            if (type == "array" && mapping.Get("input_schema") is null)
            {
                Report(DiagnosticDescriptors.ArrayWithoutInputSchema, mapping.Get("type"), name);
            }
        }

        var options = ParseOptions(mapping, name, parameterKind);
        var defaultSpec = ParseDefault(mapping, name, type, parameterKind, multiple, options);
        string? inputSchemaJson = null;
        if (mapping.Get("input_schema") is { } inputSchema && !(inputSchema is YamlScalar { IsNull: true }))
        {
            if (inputSchema is YamlMapping)
            {
                inputSchemaJson = YamlJson.ToJson(inputSchema);
            }
            else
            {
                Report(DiagnosticDescriptors.WrongNodeKind, inputSchema, path + ".input_schema", "a JSON Schema mapping", inputSchema.KindName);
            }
        }

        return new ParameterSpec(
            name,
            PropertyName: "",
            type,
            parameterKind,
            form,
            required,
            multiple,
            scope,
            modelConfigType,
            label,
            humanDescription,
            llmDescription,
            min,
            max,
            options.ToEquatableArray(),
            EnumName: null,
            defaultSpec,
            inputSchemaJson,
            line);
    }

    private string? ParseScope(YamlMapping mapping, string name, string type, ParameterKind kind)
    {
        var node = mapping.Get("scope");
        if (node is null || node is YamlScalar { IsNull: true, Value: not "" } || (node is YamlScalar { IsPlain: true, Value: "" }))
        {
            return null;
        }

        if (node is not YamlScalar scalar)
        {
            Report(DiagnosticDescriptors.WrongNodeKind, node, $"parameters[{name}].scope", "text", node.KindName);
            return null;
        }

        var valid = ManifestVocabulary.ScopeTokens(type);
        if (valid is null)
        {
            Report(DiagnosticDescriptors.ScopeNotAllowed, node, name, type);
            return null;
        }

        var what = type switch
        {
            "model-selector" => "model selector (model types: llm, text-embedding, rerank, tts, speech2text, moderation; features: tool-call, vision, …)",
            "app-selector" => "app selector (all, chat, workflow, completion)",
            _ => "variable selector (string, number, object, array[number], array[string], array[object], array[file])",
        };

        foreach (var token in ManifestVocabulary.SplitScope(scalar.Value))
        {
            if (!valid.Contains(token))
            {
                var suggestion = token.Length == 0 ? null : StringSimilarity.Closest(token, valid);
                var hint = token == "all" && type == "model-selector"
                    ? "; Dify's daemon rejects 'all' in a tool parameter's scope"
                    : suggestion is null ? "" : $"; did you mean '{suggestion}'?";
                Report(DiagnosticDescriptors.InvalidScopeToken, node, token, name, what, hint);
            }
        }

        if (kind == ParameterKind.ModelSelector && !ManifestVocabulary.SplitScope(scalar.Value).Any(ManifestVocabulary.ModelTypesByPriority.Contains))
        {
            Report(DiagnosticDescriptors.ScopeWithoutModelType, node, scalar.Value, name);
        }

        return scalar.Value;
    }

    private List<OptionSpec> ParseOptions(YamlMapping mapping, string name, ParameterKind kind)
    {
        var result = new List<OptionSpec>();
        var node = mapping.Get("options");
        if (node is null || node is YamlScalar { IsNull: true })
        {
            return result;
        }

        if (kind != ParameterKind.Select)
        {
            if (kind != ParameterKind.DynamicSelect)
            {
                Report(DiagnosticDescriptors.OptionsIgnored, KeyNode(mapping, "options"), name, mapping.Get("type") is YamlScalar t ? t.Value : "?");
            }

            return result;
        }

        if (node is not YamlSequence sequence)
        {
            Report(DiagnosticDescriptors.WrongNodeKind, node, $"parameters[{name}].options", "a list", node.KindName);
            return result;
        }

        var identifiers = new UniqueNames(Array.Empty<string>());
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in sequence.Items)
        {
            if (item is not YamlMapping option)
            {
                Report(DiagnosticDescriptors.WrongNodeKind, item, $"parameters[{name}].options[]", "a mapping", item.KindName);
                continue;
            }

            CheckKeys(option, "an option", ManifestVocabulary.OptionKeys);
            var valueNode = option.Get("value");
            if (valueNode is not YamlScalar valueScalar)
            {
                if (valueNode is null)
                {
                    Report(DiagnosticDescriptors.MissingRequiredKey, option, $"parameters[{name}].options[].value", "it is what Dify sends when the option is picked");
                }
                else
                {
                    Report(DiagnosticDescriptors.WrongNodeKind, valueNode, $"parameters[{name}].options[].value", "text", valueNode.KindName);
                }

                continue;
            }

            var value = valueScalar.IsNull ? "" : valueScalar.Value;
            if (value.Length == 0)
            {
                Report(DiagnosticDescriptors.EmptyOptionValue, valueNode, name);
            }
            else if (valueScalar.IsPlain && valueScalar.BooleanValue is not null)
            {
                Report(DiagnosticDescriptors.OptionValueNotString, valueNode, valueScalar.Value, "boolean", name, valueScalar.PythonText);
            }
            else if (valueScalar.IsPlain && valueScalar.IsNumber)
            {
                Report(DiagnosticDescriptors.OptionValueNotString, valueNode, valueScalar.Value, "number", name, valueScalar.Value);
            }

            if (!values.Add(value))
            {
                continue;
            }

            var optionLabel = I18n(option, "label", $"parameters[{name}].options[{value}].label", required: true, "Dify shows it in the drop-down");
            var identifier = Identifiers.ToPascalCase(value);
            if (value.Length == 0)
            {
                identifier = "Empty";
            }
            else if (identifier.Length == 0)
            {
                identifier = "Value" + (result.Count + 1).ToString(CultureInfo.InvariantCulture);
            }
            else if (identifier[0] == '_')
            {
                identifier = "Value" + identifier.Substring(1);
            }

            result.Add(new OptionSpec(value, identifiers.Claim(identifier), optionLabel));
        }

        return result;
    }

    private DefaultSpec? ParseDefault(YamlMapping mapping, string name, string type, ParameterKind kind, bool multiple, List<OptionSpec> options)
    {
        var node = mapping.Get("default");
        if (node is null || node is YamlScalar { IsNull: true })
        {
            return null;
        }

        var isList = node is YamlSequence;
        if (kind is ParameterKind.Select or ParameterKind.DynamicSelect && isList != multiple)
        {
            Report(DiagnosticDescriptors.DefaultListMismatch, node, name, multiple ? "is not a list but multiple is true" : "is a list but multiple is not set");
            return null;
        }

        var shown = node is YamlScalar shownScalar ? "'" + shownScalar.Value + "'" : "(" + node.KindName + ")";
        switch (kind)
        {
            case ParameterKind.String:
            case ParameterKind.DynamicSelect when !multiple:
                if (node is YamlScalar text)
                {
                    return new DefaultSpec(text.Value, null, null, EquatableArray<int>.Empty, false);
                }

                break;
            case ParameterKind.DynamicSelect:
                if (node is YamlSequence texts && texts.Items.All(item => item is YamlScalar))
                {
                    return new DefaultSpec(string.Join("\u001f", texts.Items.Cast<YamlScalar>().Select(item => item.Value)), null, null, EquatableArray<int>.Empty, true);
                }

                break;
            case ParameterKind.Number:
                if (node is YamlScalar numeric && numeric.NumberValue is { } number)
                {
                    return new DefaultSpec(null, number, null, EquatableArray<int>.Empty, false);
                }

                break;
            case ParameterKind.Boolean:
            case ParameterKind.Checkbox:
                if (node is YamlScalar flag && (flag.BooleanValue ?? QuotedBoolean(flag)) is { } boolean)
                {
                    return new DefaultSpec(null, null, boolean, EquatableArray<int>.Empty, false);
                }

                break;
            case ParameterKind.Select:
                if (node is YamlMapping || (node is YamlSequence all && all.Items.Any(item => item is not YamlScalar)))
                {
                    break;
                }

                var values = node is YamlSequence list ? list.Items.Cast<YamlScalar>().Select(item => item.Value).ToList() : new List<string> { ((YamlScalar)node).Value };

                var indexes = new List<int>();
                foreach (var value in values)
                {
                    var index = options.FindIndex(option => option.Value == value);
                    if (index < 0)
                    {
                        Report(DiagnosticDescriptors.DefaultNotAnOption, node, value, name);
                        return null;
                    }

                    indexes.Add(index);
                }

                return new DefaultSpec(null, null, null, indexes.ToEquatableArray(), multiple);
            case ParameterKind.Date:
                if (node is YamlScalar date && DateTime.TryParseExact(date.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    return new DefaultSpec(date.Value, null, null, EquatableArray<int>.Empty, false);
                }

                break;
            case ParameterKind.Json:
                if (YamlJson.ToJson(node) is { } json)
                {
                    return new DefaultSpec(json, null, null, EquatableArray<int>.Empty, isList);
                }

                break;
        }

        Report(DiagnosticDescriptors.DefaultWrongType, node, shown, name, type);
        return null;
    }

    private static List<ParameterSpec> AssignPropertyNames(List<ParameterSpec> parameters, string recordName)
    {
        var taken = new UniqueNames(ReservedMemberNames.Append(recordName));
        var properties = new List<ParameterSpec>(parameters.Count);
        foreach (var parameter in parameters)
        {
            var candidate = Identifiers.ToPascalCase(parameter.Name);
            if (candidate.Length == 0 || candidate[0] == '_')
            {
                candidate = "Parameter" + candidate.TrimStart('_');
            }

            if (taken.IsTaken(candidate))
            {
                candidate += "Value";
            }

            var propertyName = taken.Claim(candidate);
            string? enumName = null;
            if (parameter.Kind == ParameterKind.Select)
            {
                enumName = taken.Claim(propertyName + "Option");
            }

            properties.Add(parameter with { PropertyName = propertyName, EnumName = enumName });
        }

        return properties;
    }
}

/// <summary>The JSON Schema of a tool's <c>form: llm</c> parameters, as Dify's agent runner builds it.</summary>
internal static class LlmSchema
{
    public static string Build(IEnumerable<ParameterSpec> parameters)
    {
        var properties = new StringBuilder();
        var required = new List<string>();
        foreach (var parameter in parameters)
        {
            if (parameter.Form != "llm" || parameter.Type is "file" or "files" or "system-files")
            {
                continue;
            }

            if (properties.Length > 0)
            {
                properties.Append(',');
            }

            properties.Append(JsonText.String(parameter.Name)).Append(':');
            var enumValues = parameter.Kind == ParameterKind.Select && parameter.Options.Count > 0
                ? "[" + string.Join(",", parameter.Options.Select(option => JsonText.String(option.Value))) + "]"
                : null;
            if (parameter.InputSchemaJson is { } inputSchema)
            {
                // Dify uses input_schema as it is, then adds the select enum to it.
                properties.Append(enumValues is null ? inputSchema : inputSchema.Substring(0, inputSchema.Length - 1) + (inputSchema.Length > 2 ? "," : "") + "\"enum\":" + enumValues + "}");
            }
            else
            {
                properties.Append("{\"type\":").Append(JsonText.String(NormalType(parameter.Type)))
                    .Append(",\"description\":").Append(JsonText.String(parameter.LlmDescription ?? ""));
                if (enumValues is not null)
                {
                    properties.Append(",\"enum\":").Append(enumValues);
                }

                properties.Append('}');
            }

            if (parameter.Required)
            {
                required.Add(JsonText.String(parameter.Name));
            }
        }

        return "{\"type\":\"object\",\"properties\":{" + properties + "},\"required\":[" + string.Join(",", required) + "]}";
    }

    /// <summary>Dify's <c>as_normal_type</c>: the JSON Schema type of a manifest type.</summary>
    private static string NormalType(string type) => type switch
    {
        "string" or "secret-input" or "select" or "checkbox" or "dynamic-select" or "date" => "string",
        "date-range" => "object",
        _ => type,
    };
}
