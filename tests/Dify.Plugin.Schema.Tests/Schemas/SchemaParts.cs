using System.Text;
using System.Text.Json.Nodes;

namespace Dify.Plugin.Schema.Tests.Schemas;

/// <summary>Small builders for JSON Schema (draft-07) nodes, so that the manifest schemas read like the rules they state.</summary>
internal static class SchemaParts
{
    public static JsonObject Object(JsonObject properties, IEnumerable<string>? required = null, bool closed = true)
    {
        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties };
        if (required is not null && required.Any())
        {
            schema["required"] = Strings(required);
        }

        if (closed)
        {
            schema["additionalProperties"] = false;
        }

        return schema;
    }

    public static JsonArray Strings(IEnumerable<string> values) => new(values.Select(value => (JsonNode)JsonValue.Create(value)!).ToArray());

    public static JsonArray Types(params string[] types) => Strings(types);

    public static JsonObject Ref(string definition) => new() { ["$ref"] = "#/definitions/" + definition };

    public static JsonObject Described(this JsonObject schema, string description)
    {
        schema["description"] = description;
        return schema;
    }

    public static JsonObject With(this JsonObject schema, string keyword, JsonNode? value)
    {
        schema[keyword] = value;
        return schema;
    }

    /// <summary>A key Dify's daemon or SDK drops: accepted (the generator reports it as information only), never suggested.</summary>
    public static JsonObject Ignored(string where) => new JsonObject { ["doNotSuggest"] = true }.Described($"Dify ignores this key of {where}; it never reaches Dify.");

    /// <summary>Adds the keys Dify ignores to an object schema's properties (see <see cref="Ignored"/>).</summary>
    public static JsonObject WithIgnored(this JsonObject schema, IEnumerable<string> keys, string where)
    {
        var properties = schema["properties"]!.AsObject();
        foreach (var key in keys)
        {
            properties[key] = Ignored(where);
        }

        return schema;
    }

    public static JsonObject Enum(IEnumerable<string> values) => new() { ["type"] = "string", ["enum"] = Strings(values) };

    public static JsonObject Const(string value) => new() { ["const"] = value };

    /// <summary>The property's value must not match <paramref name="schema"/>, with a message saying why.</summary>
    public static JsonObject Not(JsonObject schema, string message) => new() { ["not"] = schema, ["errorMessage"] = message };

    public static JsonObject If(JsonObject condition, JsonObject then) => new() { ["if"] = condition, ["then"] = then };

    /// <summary>A condition that holds when the parameter's key has one of the values.</summary>
    public static JsonObject KeyIs(string key, IReadOnlyCollection<string> values) => new()
    {
        ["properties"] = new JsonObject { [key] = values.Count == 1 ? Const(values.First()) : new JsonObject { ["enum"] = Strings(values) } },
        ["required"] = Strings([key]),
    };

    public static JsonObject Properties(params (string Key, JsonNode Schema)[] properties)
    {
        var result = new JsonObject();
        foreach (var (key, schema) in properties)
        {
            result[key] = schema;
        }

        return result;
    }

    /// <summary>
    /// A regular expression (ECMAScript, as JSON Schema and yaml-language-server use them, with the u flag) that matches
    /// any of <paramref name="words"/> in any letter case: <c>[tT][rR][uU][eE]</c>.
    /// </summary>
    public static string AnyCase(IEnumerable<string> words) => string.Join("|", words.Distinct(StringComparer.OrdinalIgnoreCase).Select(word =>
    {
        var pattern = new StringBuilder();
        foreach (var character in word)
        {
            var lower = char.ToLowerInvariant(character);
            var upper = char.ToUpperInvariant(character);
            pattern.Append(lower == upper ? Escape(character.ToString()) : $"[{lower}{upper}]");
        }

        return pattern.ToString();
    }));

    /// <summary>Escapes the syntax characters of an ECMAScript pattern (and only those: the u flag rejects other escapes such as <c>\-</c>).</summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var character in text)
        {
            if ("^$\\.*+?()[]{}|/".IndexOf(character) >= 0)
            {
                escaped.Append('\\');
            }

            escaped.Append(character);
        }

        return escaped.ToString();
    }

    public static string Alternatives(IEnumerable<string> tokens) => "(?:" + string.Join("|", tokens.Select(Escape)) + ")";
}
