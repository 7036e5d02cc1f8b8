using System.Text.Json.Nodes;
using Dify.Plugin.Generator.Model;
using Dify.Plugin.Generator.Parsing;
using static Dify.Plugin.Schema.Tests.Schemas.CommonDefinitions;
using static Dify.Plugin.Schema.Tests.Schemas.SchemaParts;

namespace Dify.Plugin.Schema.Tests.Schemas;

/// <summary>
/// The JSON Schema of <c>tools/*.yaml</c>, from the tables <c>ToolManifestParser</c> reads (ManifestVocabulary): each
/// rule that is a warning of the generator and can be said in JSON Schema is an error here, at the same node.
/// </summary>
internal static class ToolManifestSchema
{
    private const string LlmForm = "llm";

    public static JsonObject Build()
    {
        var definitions = All();
        definitions["parameter"] = Parameter();
        definitions["option"] = Option();
        definitions["singleValue"] = FalseOrAbsent("Only select and dynamic-select take multiple: true; Dify rejects the whole tool list otherwise.");
        return new JsonObject
        {
            ["$schema"] = ManifestSchemas.Draft,
            ["title"] = "Dify tool manifest",
            ["description"] = "A tool of a Dify plugin (tools/*.yaml): its identity, descriptions and parameters. Dify.Plugin generates a typed parameter record from it.",
            ["type"] = "object",
            ["properties"] = Properties(
                ("identity", Object(
                    Properties(
                        ("author", Ref(Text).Described("The tool's author; Dify's daemon requires it.")),
                        ("name", new JsonObject { ["type"] = "string", ["pattern"] = ManifestVocabulary.IdentifierPattern, ["patternErrorMessage"] = $"Dify's daemon requires a name matching {ManifestVocabulary.IdentifierPattern}." }
                            .Described("How Dify and the code refer to the tool: [DifyTool(\"name\")] and the record <Name>Parameters.")),
                        ("label", Ref(I18n).Described("The tool's name as Dify shows it."))),
                    ManifestVocabulary.ToolIdentityKeys).With("description", "Who the tool is.").WithIgnored(ManifestVocabulary.ToolIdentityIgnoredKeys, "identity")),
                ("description", Object(
                    Properties(
                        ("human", Ref(I18n).Described("Shown to users.")),
                        ("llm", new JsonObject { ["type"] = Types("string", "number", "boolean"), ["pattern"] = @"\S", ["patternErrorMessage"] = "description.llm must not be empty: Dify's daemon rejects the tool and agents get no description of it." }
                            .Described("Given to agents as the tool's description; must not be empty."))),
                    ManifestVocabulary.DescriptionKeys)),
                ("parameters", new JsonObject { ["type"] = Types("array", "null"), ["items"] = Ref("parameter") }.Described("The tool's parameters; each becomes a property of the generated record.")),
                ("extra", new JsonObject().Described("Runtime settings of the Python SDK (extra.python.source); a C# plugin does not need them.")),
                ("output_schema", new JsonObject().Described("A JSON Schema of the tool's variable output.")),
                ("has_runtime_parameters", new JsonObject().Described("Whether the tool adds parameters at run time."))),
            ["required"] = Strings(["identity", "description"]),
            ["additionalProperties"] = false,
            ["definitions"] = definitions,
        };
    }

    private static JsonObject Parameter()
    {
        var properties = Properties(
            ("name", Ref(Text).Described("The parameter's name as Dify sends it; the record's property is its PascalCase form.")),
            ("label", Ref(I18n).Described("Shown in the tool's form.")),
            ("human_description", Ref(I18n).Described("Shown to users under the field.")),
            ("type", Enum(ManifestVocabulary.ParameterTypes).With("errorMessage", "Not a parameter type Dify knows: " + string.Join(", ", ManifestVocabulary.ParameterTypes) + ".")
                .Described("The parameter's type; it decides the record property's C# type.")),
            ("form", Enum(ManifestVocabulary.Forms).With("errorMessage", "form must be " + string.Join(", ", ManifestVocabulary.Forms) + ".")
                .Described("llm: the model fills it; form: the user sets it; schema: it is part of the tool's input schema.")),
            ("llm_description", new JsonObject { ["type"] = Types("string", "number", "boolean", "null") }.Described("What the model is told about the parameter (form: llm).")),
            ("required", Ref(Flag).Described("Whether a value must be given; a required parameter is a non-nullable property.")),
            ("default", new JsonObject().Described("The value used when none is given; its shape depends on type.")),
            ("min", NullOr(Number).Described("Lowest value of a number.")),
            ("max", NullOr(Number).Described("Highest value of a number.")),
            ("precision", NullOr(Number).Described("Decimal places of a number.")),
            ("options", new JsonObject { ["type"] = Types("array", "null") }.Described("The choices of a select: value and label each.")),
            ("multiple", Ref(Flag).Described("Whether a select or dynamic-select takes several values.")),
            ("scope", new JsonObject { ["type"] = Types("string", "null") }.Described("What a model-selector, app-selector or any (variable selector) offers: tokens joined by &.")),
            ("input_schema", new JsonObject { ["type"] = Types("object", "null") }.Described("The JSON Schema the model gets for this parameter (form: llm).")),
            ("auto_generate", new JsonObject()),
            ("template", new JsonObject()),
            ("dynamic_select_lazy_load", new JsonObject()),
            ("dynamicSelectLazyLoad", new JsonObject()));
        var rules = new JsonArray();
        foreach (var group in ManifestVocabulary.ParameterTypes.GroupBy(type => TypeRules(type).ToJsonString(), StringComparer.Ordinal))
        {
            rules.Add(If(KeyIs("type", group.ToArray()), TypeRules(group.First())));
        }

        // ToolManifestParser: a form: llm parameter other than a file needs llm_description or input_schema (DIFY1022).
        rules.Add(If(
            new JsonObject
            {
                ["properties"] = Properties(("form", Const(LlmForm)), ("type", new JsonObject { ["not"] = new JsonObject { ["enum"] = Strings(FileTypes) } })),
                ["required"] = Strings(["form"]),
            },
            new JsonObject
            {
                ["anyOf"] = new JsonArray(
                    new JsonObject
                    {
                        ["required"] = Strings(["llm_description"]),
                        ["properties"] = Properties(("llm_description", new JsonObject { ["pattern"] = @"\S", ["patternErrorMessage"] = "A form: llm parameter needs an llm_description: the model sees an empty description." })),
                    },
                    new JsonObject { ["required"] = Strings(["input_schema"]) }),
            }));

        return Object(properties, ["name", "label", "human_description", "type", "form"])
            .WithIgnored(ManifestVocabulary.ParameterIgnoredKeys, "a parameter")
            .With("allOf", rules);
    }

    private static readonly string[] FileTypes = ManifestVocabulary.ParameterTypes.Where(type => ManifestVocabulary.KindOf(type) is ParameterKind.File or ParameterKind.Files).ToArray();

    /// <summary>The rules ToolManifestParser.ParseParameter applies to one parameter type.</summary>
    private static JsonObject TypeRules(string type)
    {
        var kind = ManifestVocabulary.KindOf(type)!.Value;
        var properties = new JsonObject
        {
            ["scope"] = Scope(type),
            ["default"] = Default(kind),
        };
        if (!ManifestVocabulary.TakesMultiple(kind))
        {
            properties["multiple"] = Ref("singleValue");
        }

        if (kind is ParameterKind.ModelSelector or ParameterKind.AppSelector)
        {
            properties["form"] = Enum(ManifestVocabulary.Forms.Where(form => form != LlmForm))
                .With("errorMessage", $"A {type} is picked by the user: the model cannot fill it, and Dify reports \"Model cannot be empty\". Use form: form.");
        }
        else if (type == "secret-input")
        {
            properties["form"] = Enum(ManifestVocabulary.Forms.Where(form => form != LlmForm))
                .With("errorMessage", "A secret-input filled by the model asks the model for a secret. Use form: form or a provider credential.");
        }

        if (kind == ParameterKind.Select)
        {
            properties["options"] = new JsonObject { ["type"] = Types("array", "null"), ["items"] = Ref("option") };
        }

        var conditions = new JsonArray();
        if (ManifestVocabulary.TakesMultiple(kind))
        {
            // DIFY1017: the default is a list exactly when multiple is true.
            conditions.Add(new JsonObject
            {
                ["if"] = new JsonObject { ["properties"] = Properties(("multiple", TrueValue())), ["required"] = Strings(["multiple"]) },
                ["then"] = new JsonObject { ["properties"] = Properties(("default", new JsonObject { ["type"] = Types("array", "null"), ["errorMessage"] = "With multiple: true the default is a list." })) },
                ["else"] = new JsonObject { ["properties"] = Properties(("default", new JsonObject { ["type"] = Types("string", "number", "boolean", "null"), ["errorMessage"] = "Without multiple: true the default is one value, not a list." })) },
            });
        }

        if (type == "array")
        {
            // DIFY1023: an array the model fills needs input_schema, or strict function-calling providers reject it.
            conditions.Add(If(KeyIs("form", [LlmForm]), new JsonObject { ["required"] = Strings(["input_schema"]) }));
        }

        var rules = new JsonObject { ["properties"] = properties };
        if (conditions.Count > 0)
        {
            rules["allOf"] = conditions;
        }

        return rules;
    }

    /// <summary>ToolManifestParser.ParseScope: the type's scope tokens joined by &amp;; a model selector names a model type.</summary>
    private static JsonObject Scope(string type)
    {
        var tokens = ManifestVocabulary.ScopeTokens(type);
        if (tokens is null)
        {
            return new JsonObject { ["type"] = "null", ["errorMessage"] = "Only model-selector, app-selector and any take a scope; Dify's daemon rejects it elsewhere." };
        }

        var any = Alternatives(tokens);
        string pattern;
        string message;
        if (type == "model-selector")
        {
            // Features first, then at least one model type (DIFY1014), then anything valid (DIFY1013).
            var modelType = Alternatives(ManifestVocabulary.ModelTypesByPriority);
            pattern = $@"^\s*(?:{any}\s*&\s*)*{modelType}(?:\s*&\s*{any})*\s*$";
            message = $"A model-selector scope joins with & at least one model type ({string.Join(", ", ManifestVocabulary.ModelTypesByPriority)}) and any features ({string.Join(", ", ManifestVocabulary.ModelFeatureTokens)}), for example llm&tool-call.";
        }
        else
        {
            pattern = $@"^\s*{any}(?:\s*&\s*{any})*\s*$";
            message = $"A {type} scope joins with & any of: {string.Join(", ", tokens)}.";
        }

        return new JsonObject { ["type"] = Types("string", "null"), ["pattern"] = pattern, ["patternErrorMessage"] = message };
    }

    /// <summary>ToolManifestParser.ParseDefault: what a default of each kind may be (DIFY1017, DIFY1021).</summary>
    private static JsonObject Default(ParameterKind kind)
    {
        var scalar = new JsonObject { ["type"] = Types("string", "number", "boolean", "null") };
        var wrong = "This default does not fit the parameter's type; it is not applied.";
        switch (kind)
        {
            case ParameterKind.String:
                return scalar.With("errorMessage", wrong);
            case ParameterKind.Select:
            case ParameterKind.DynamicSelect:
                // One value or a list of values (which one is decided by multiple, in TypeRules).
                return new JsonObject { ["items"] = new JsonObject { ["type"] = Types("string", "number", "boolean"), ["errorMessage"] = wrong } };
            case ParameterKind.Number:
                return new JsonObject
                {
                    ["anyOf"] = new JsonArray(
                        new JsonObject { ["type"] = Types("number", "null"), ["errorMessage"] = wrong },
                        // Dify casts a quoted number with float().
                        new JsonObject { ["type"] = "string", ["pattern"] = @"^\s*[-+]?(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d+)?\s*$", ["errorMessage"] = wrong }),
                };
            case ParameterKind.Boolean:
            case ParameterKind.Checkbox:
                return new JsonObject { ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "null" }, Ref(Flag)) };
            case ParameterKind.Date:
                return new JsonObject { ["type"] = Types("string", "null"), ["pattern"] = @"^\d{4}-\d{2}-\d{2}$", ["errorMessage"] = "A date default is written yyyy-MM-dd." };
            case ParameterKind.Json:
                return new JsonObject();
            default:
                return new JsonObject { ["type"] = "null", ["errorMessage"] = "A parameter of this type takes no default; it is not applied." };
        }
    }

    private static JsonObject Option() => Object(
        Properties(
            ("value", new JsonObject { ["type"] = "string", ["minLength"] = 1, ["errorMessage"] = "An option value is non-empty text; quote values YAML reads as a number or boolean (1, no, true)." }
                .Described("What Dify sends when the option is picked; the generated enum member is its PascalCase form.")),
            ("label", Ref(I18n).Described("Shown in the drop-down.")),
            ("icon", new JsonObject()),
            ("show_on", new JsonObject())),
        ["value", "label"]);

    private static JsonObject NullOr(string definition) => new() { ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "null" }, Ref(definition)) };
}
