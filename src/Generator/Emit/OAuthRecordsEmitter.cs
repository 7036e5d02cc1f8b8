using System.Collections.Generic;
using System.Linq;
using Dify.Plugin.Generator.Helpers;
using Dify.Plugin.Generator.Model;

namespace Dify.Plugin.Generator.Emit;

/// <summary>
/// Two records per provider that declares <c>oauth_schema</c>: <c>&lt;Provider&gt;OAuthClient</c> for
/// <c>client_schema</c> (read from <c>OAuthContext.SystemCredentials</c>) and <c>&lt;Provider&gt;OAuthCredentials</c>
/// for <c>credentials_schema</c> (read from the credentials to refresh, written into <c>OAuthCredentials</c>).
/// </summary>
internal static class OAuthRecordsEmitter
{
    public static string RecordPrefix(OAuthProviderSpec oauth)
    {
        var pascal = Identifiers.ToPascalCase(oauth.ProviderName);
        return pascal.Length == 0 ? "Provider" + Identifiers.StableHash(oauth.ProviderName) : pascal;
    }

    public static string Emit(OAuthProviderSpec oauth, string @namespace)
    {
        var writer = new SourceWriter();
        writer.FileHeader($"from oauth_schema in {CSharpLiterals.Comment(oauth.ManifestPath)}. Change the manifest, not this file.");
        writer.OpenBlock($"namespace {@namespace}");
        var prefix = RecordPrefix(oauth);
        Record(writer, oauth, prefix + "OAuthClient", oauth.ClientFields, "client_schema", "the OAuth client's settings (<c>OAuthContext.SystemCredentials</c>)", withDictionary: false);
        writer.Line();
        Record(writer, oauth, prefix + "OAuthCredentials", oauth.CredentialFields, "credentials_schema", "the credentials the OAuth flow yields", withDictionary: true);
        writer.CloseBlock();
        return writer.Complete();
    }

    private static void Record(SourceWriter writer, OAuthProviderSpec oauth, string recordName, EquatableArray<OAuthFieldSpec> fields, string key, string what, bool withDictionary)
    {
        var names = new UniqueNames(new[] { recordName, "From", "ToDictionary", "EqualityContract", "ToString", "GetHashCode", "Equals", "Deconstruct", "PrintMembers" });
        var properties = new List<(OAuthFieldSpec Field, string Property)>();
        foreach (var field in fields.GroupBy(field => field.Name).Select(group => group.Last()))
        {
            var pascal = Identifiers.ToPascalCase(field.Name);
            properties.Add((field, names.Claim(pascal.Length == 0 ? "Value" + Identifiers.StableHash(field.Name) : pascal)));
        }

        writer.Line($"/// <summary>Provider '{CSharpLiterals.Xml(oauth.ProviderName)}': {what}, as <c>oauth_schema.{key}</c> in <c>{CSharpLiterals.Xml(oauth.ManifestPath)}</c> declares them.</summary>");
        writer.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"Dify.Plugin.Generator\", \"1.0\")]");
        writer.OpenBlock($"public sealed partial record {recordName}");
        foreach (var (field, property) in properties)
        {
            writer.Line($"/// <summary><c>{CSharpLiterals.Xml(field.Name)}</c>{(field.Required ? " (required)" : "")}.</summary>");
            writer.Line(field.Required
                ? $"public required string {Identifiers.Escape(property)} {{ get; init; }}"
                : $"public string? {Identifiers.Escape(property)} {{ get; init; }}");
            writer.Line();
        }

        writer.Line("/// <summary>Reads the values by their names; a required one that is missing or empty throws <see cref=\"global::System.InvalidOperationException\"/>.</summary>");
        writer.OpenBlock($"public static {recordName} From(global::System.Collections.Generic.IReadOnlyDictionary<string, string> values)");
        writer.Line("global::System.ArgumentNullException.ThrowIfNull(values);");
        writer.Line($"return new {recordName}");
        writer.Line("{");
        foreach (var (field, property) in properties)
        {
            var name = CSharpLiterals.String(field.Name);
            writer.Line(field.Required
                ? $"    {Identifiers.Escape(property)} = values.TryGetValue({name}, out var {Local(property)}) && {Local(property)}.Length > 0 ? {Local(property)} : throw new global::System.InvalidOperationException(\"The OAuth value \" + {name} + \" is not set.\"),"
                : $"    {Identifiers.Escape(property)} = values.TryGetValue({name}, out var {Local(property)}) ? {Local(property)} : null,");
        }

        writer.Line("};");
        writer.CloseBlock();
        if (withDictionary)
        {
            writer.Line();
            writer.Line("/// <summary>The values by their names, leaving out unset ones: what <c>OAuthCredentials.Credentials</c> takes.</summary>");
            writer.OpenBlock("public global::System.Collections.Generic.IReadOnlyDictionary<string, string> ToDictionary()");
            writer.Line("var values = new global::System.Collections.Generic.Dictionary<string, string>();");
            foreach (var (field, property) in properties)
            {
                writer.Line($"if ({Identifiers.Escape(property)} is {{ }} {Local(property)}) values[{CSharpLiterals.String(field.Name)}] = {Local(property)};");
            }

            writer.Line("return values;");
            writer.CloseBlock();
        }

        writer.Line();
        writer.Line("/// <summary>The names that are set, with the values hidden.</summary>");
        writer.OpenBlock("public override string ToString()");
        writer.Line("var set = new global::System.Collections.Generic.List<string>();");
        foreach (var (_, property) in properties)
        {
            writer.Line($"if ({Identifiers.Escape(property)} is not null) set.Add({CSharpLiterals.String(property + " = ***")});");
        }

        writer.Line("return " + CSharpLiterals.String(recordName + " { ") + " + string.Join(\", \", set) + \" }\";");
        writer.CloseBlock();
        writer.CloseBlock();
    }

    private static string Local(string property) => "value" + property;
}
