using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Dify.Plugin.Generator.Helpers;
using Dify.Plugin.Generator.Model;

namespace Dify.Plugin.Generator.Emit;

/// <summary>Writes a tool's parameter record: typed properties, select enums, <c>Bind</c> and the descriptor.</summary>
internal static class ParametersEmitter
{
    private const string Runtime = "global::Dify.Plugin.";

    /// <summary>The tool's record, and the tool's declaration beside it when there is one.</summary>
    public static GeneratedRecord Emit(ToolSpec tool, string @namespace, DeclarationSpec? declaration = null)
    {
        var writer = new SourceWriter();
        writer.FileHeader($"from {CSharpLiterals.Comment(tool.ManifestPath)}. Change the manifest, not this file.");
        writer.OpenBlock($"namespace {@namespace}");
        var preludeLength = writer.Length;
        writer.Line("/// <summary>");
        writer.BeginLine().Write($"/// The parameters of the tool <c>{EscapedText.Xml(tool.Name)}</c>");
        WriteTexts(writer, Distinct(tool.Label.EnUs, tool.HumanDescription.EnUs), ": ", ": ");
        writer.EndLine();
        writer.Line("/// </summary>");
        writer.Line("/// <remarks>");
        writer.Line($"/// <para>Declared in <c>{EscapedText.Xml(tool.ManifestPath)}</c>. For the model: {EscapedText.Xml(tool.LlmDescription)}</para>");
        WriteLocales(writer, tool.Label, tool.HumanDescription);
        writer.Line("/// </remarks>");
        writer.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"Dify.Plugin.Generator\", \"1.0.0\")]");
        writer.OpenBlock($"public sealed partial record {tool.RecordName}");
        writer.Line("/// <summary>The tool's <c>identity.name</c>.</summary>");
        writer.Line($"public const string ToolName = {EscapedText.Literal(tool.Name)};");
        writer.Line();
        writer.Line("/// <summary>The manifest the tool is declared in.</summary>");
        writer.Line($"public const string ManifestPath = {EscapedText.Literal(tool.ManifestPath)};");
        foreach (var parameter in tool.Parameters)
        {
            writer.Line();
            WriteProperty(writer, tool, parameter);
        }

        writer.Line();
        WriteDescriptor(writer, tool);
        writer.Line();
        WriteBind(writer, tool);
        foreach (var parameter in tool.Parameters)
        {
            if (parameter.Kind == ParameterKind.Select)
            {
                writer.Line();
                WriteEnum(writer, parameter);
            }
        }

        foreach (var parameter in tool.Parameters)
        {
            if (parameter.Kind == ParameterKind.Json && parameter.Default is not null)
            {
                writer.Line();
                writer.Line($"private static readonly global::System.Text.Json.JsonElement __Default{parameter.PropertyName} = {Runtime}Binding.ToolParameterReader.ParseDefault({EscapedText.Literal(parameter.Default!.Text!)});");
            }
        }

        writer.CloseBlock();
        var recordEnd = writer.Length;
        var declarationStart = -1;
        if (declaration is not null)
        {
            writer.Line();
            declarationStart = writer.Length;
            DeclarationEmitter.WritePart(writer, declaration);
        }

        var declarationEnd = writer.Length;
        writer.CloseBlock();
        return new GeneratedRecord(writer.Complete(), preludeLength, recordEnd, declarationStart, declarationEnd);
    }

    private static void WriteProperty(SourceWriter writer, ToolSpec tool, ParameterSpec parameter)
    {
        // The summary is the label and the description; leading colons are dropped, so that it never starts with one.
        var (first, second) = Distinct(parameter.Label.EnUs, parameter.HumanDescription.EnUs);
        first = NullIfEmpty(first?.TrimStart(':', ' '));
        if (first is null)
        {
            (first, second) = (NullIfEmpty(second?.TrimStart(':', ' ')), null);
        }

        writer.Line("/// <summary>");
        if (first is null)
        {
            writer.Line($"/// The <c>{EscapedText.Xml(parameter.Name)}</c> parameter.");
        }
        else
        {
            writer.BeginLine().Write("/// ");
            WriteTexts(writer, (first, second), "", ": ");
            writer.EndLine();
        }

        writer.Line("/// </summary>");
        writer.Line("/// <remarks>");
        if (!string.IsNullOrWhiteSpace(parameter.LlmDescription))
        {
            writer.Line($"/// <para>For the model: {EscapedText.Xml(parameter.LlmDescription!)}</para>");
        }

        WriteLocales(writer, parameter.Label, parameter.HumanDescription);
        writer.BeginLine().Write($"/// <para><c>{EscapedText.Xml(parameter.Name)}</c>, type <c>{EscapedText.Xml(parameter.Type)}</c>, form <c>{EscapedText.Xml(parameter.Form)}</c>");
        if (parameter.Scope is not null)
        {
            writer.Write($", scope <c>{EscapedText.Xml(parameter.Scope)}</c>");
        }

        writer.Write(parameter.Required ? ", required" : ", optional");
        if (parameter.Min is { } min)
        {
            writer.Write(", min ").Write(min.ToString("R", CultureInfo.InvariantCulture));
        }

        if (parameter.Max is { } max)
        {
            writer.Write(", max ").Write(max.ToString("R", CultureInfo.InvariantCulture));
        }

        writer.Write($"; {EscapedText.Xml(tool.ManifestPath)} line {parameter.Line}.</para>").EndLine();
        writer.Line("/// </remarks>");
        writer.BeginLine().Write($"[{Runtime}DifyParameter({EscapedText.Literal(parameter.Name)}, Type = {EscapedText.Literal(parameter.Type)}, Form = {EscapedText.Literal(parameter.Form)}");
        if (parameter.Scope is not null)
        {
            writer.Write($", Scope = {EscapedText.Literal(parameter.Scope)}");
        }

        writer.Write(parameter.Required ? ", Required = true)]" : ")]").EndLine();
        var type = TypeOf(parameter);
        var defaultValue = DefaultExpression(parameter);
        if (defaultValue is not null)
        {
            writer.Line($"public {type} {parameter.PropertyName} {{ get; init; }} = {defaultValue};");
        }
        else if (parameter.Required)
        {
            writer.Line($"public required {type} {parameter.PropertyName} {{ get; init; }}");
        }
        else
        {
            writer.Line($"public {type}? {parameter.PropertyName} {{ get; init; }}");
        }
    }

    private static void WriteDescriptor(SourceWriter writer, ToolSpec tool)
    {
        writer.Line("/// <summary>What the manifest declares: name, labels, parameters and the LLM schema of the <c>form: llm</c> parameters.</summary>");
        writer.Line($"public static {Runtime}ToolDescriptor Descriptor {{ get; }} = new(");
        writer.Indent();
        writer.Line("ToolName,");
        WriteI18n(writer.BeginLine(), tool.Label, tool.Name).Write(",").EndLine();
        writer.LineWithStringLiteral("", tool.LlmDescription, ",");
        writer.Line("ManifestPath,");
        if (tool.Parameters.Count == 0)
        {
            writer.Line($"global::System.Array.Empty<{Runtime}ToolParameterDescriptor>(),");
        }
        else
        {
            writer.Line($"new {Runtime}ToolParameterDescriptor[]");
            writer.Line("{");
            writer.Indent();
            foreach (var parameter in tool.Parameters)
            {
                writer.BeginLine().Write($"new({EscapedText.Literal(parameter.Name)}, {EscapedText.Literal(parameter.Type)}, {EscapedText.Literal(parameter.Form)}, {(parameter.Required ? "true" : "false")}, {EscapedText.NullableLiteral(parameter.Scope)}, ");
                WriteI18n(writer, parameter.Label, parameter.Name).Write($", {parameter.Line}),").EndLine();
            }

            writer.Unindent();
            writer.Line("},");
        }

        writer.LineWithJsonLiteral("", tool.LlmSchemaJson, ");");
        writer.Unindent();
    }

    private static void WriteBind(SourceWriter writer, ToolSpec tool)
    {
        writer.Line("/// <summary>");
        writer.Line("/// Binds Dify's raw <c>tool_parameters</c> to this record, the way Dify casts them. Every problem (a missing required");
        writer.Line("/// value, a wrong type, a value that is not an option, a number out of range) is collected and reported together.");
        writer.Line("/// </summary>");
        writer.Line($"/// <exception cref=\"{Runtime}ToolParametersException\">The parameters do not fit the manifest.</exception>");
        writer.OpenBlock($"public static {tool.RecordName} Bind({Runtime}ToolParameters parameters)");
        writer.Line($"var reader = new {Runtime}Binding.ToolParameterReader(parameters, ToolName, ManifestPath);");
        for (var i = 0; i < tool.Parameters.Count; i++)
        {
            writer.Line($"var __p{i.ToString(CultureInfo.InvariantCulture)} = {ReadExpression(tool.Parameters[i], i)};");
        }

        writer.Line("reader.ThrowIfProblems();");
        if (tool.Parameters.Count == 0)
        {
            writer.Line($"return new {tool.RecordName}();");
        }
        else
        {
            writer.Line($"return new {tool.RecordName}");
            writer.Line("{");
            writer.Indent();
            for (var i = 0; i < tool.Parameters.Count; i++)
            {
                var parameter = tool.Parameters[i];
                var local = "__p" + i.ToString(CultureInfo.InvariantCulture);
                var value = DefaultExpression(parameter) is { } defaultValue
                    ? $"{local} ?? {defaultValue}"
                    : parameter.Required
                        ? (IsValueType(parameter) ? $"{local}.GetValueOrDefault()" : $"{local}!")
                        : local;
                writer.Line($"{parameter.PropertyName} = {value},");
            }

            writer.Unindent();
            writer.Line("};");
        }

        writer.CloseBlock();
    }

    private static void WriteEnum(SourceWriter writer, ParameterSpec parameter)
    {
        writer.Line("/// <summary>");
        writer.Line($"/// The options of <see cref=\"{parameter.PropertyName}\"/>.");
        writer.Line("/// </summary>");
        writer.OpenBlock($"public enum {parameter.EnumName}");
        for (var i = 0; i < parameter.Options.Count; i++)
        {
            var option = parameter.Options[i];
            writer.Line("/// <summary>");
            writer.Line($"/// {EscapedText.Xml(option.Label.EnUs ?? option.Value)} (sent as <c>{EscapedText.Xml(option.Value.Length == 0 ? "\"\"" : option.Value)}</c>)");
            writer.Line("/// </summary>");
            writer.Line($"{option.Identifier} = {i},");
        }

        writer.CloseBlock();
        writer.Line();
        writer.BeginLine().Write($"private static readonly string[] __Values{parameter.PropertyName} = {{ ");
        for (var i = 0; i < parameter.Options.Count; i++)
        {
            writer.Write(i == 0 ? "" : ", ").Write(EscapedText.Literal(parameter.Options[i].Value));
        }

        writer.Write(" };").EndLine();
        writer.Line();
        writer.Line($"/// <summary>The exact value Dify sends for <paramref name=\"value\"/>.</summary>");
        writer.Line($"public static string ToWireValue({parameter.EnumName} value) => __Values{parameter.PropertyName}[(int)value];");
    }

    private static string ReadExpression(ParameterSpec parameter, int index)
    {
        var args = $"{CSharpLiterals.String(parameter.Name)}, {parameter.Line.ToString(CultureInfo.InvariantCulture)}, required: {(parameter.Required && parameter.Default is null ? "true" : "false")}";
        var local = "__v" + index.ToString(CultureInfo.InvariantCulture);
        return parameter.Kind switch
        {
            ParameterKind.String => $"reader.String({args})",
            ParameterKind.Number => $"reader.Number({args}, min: {Nullable(parameter.Min)}, max: {Nullable(parameter.Max)})",
            ParameterKind.Boolean or ParameterKind.Checkbox => $"reader.Boolean({args})",
            ParameterKind.Select when parameter.Multiple =>
                $"reader.SelectMany({args}, __Values{parameter.PropertyName}) is {{ }} {local} ? ({CollectionOf(parameter.EnumName!)})global::System.Linq.Enumerable.ToArray(global::System.Linq.Enumerable.Select({local}, static i => ({parameter.EnumName})i)) : null",
            ParameterKind.Select => $"reader.Select({args}, __Values{parameter.PropertyName}) is {{ }} {local} ? ({parameter.EnumName}?){local} : null",
            ParameterKind.File => $"reader.File({args})",
            ParameterKind.Files => $"reader.Files({args})",
            ParameterKind.ModelSelector => $"reader.ModelConfig<{parameter.ModelConfigType}>({args})",
            ParameterKind.AppSelector => $"reader.App({args})",
            ParameterKind.DynamicSelect when parameter.Multiple => $"reader.Strings({args})",
            ParameterKind.DynamicSelect => $"reader.String({args})",
            ParameterKind.Date => $"reader.Date({args})",
            ParameterKind.DateRange => $"reader.DateRange({args})",
            _ => $"reader.Json({args})",
        };
    }

    private static string TypeOf(ParameterSpec parameter) => parameter.Kind switch
    {
        ParameterKind.String => "string",
        ParameterKind.Number => "double",
        ParameterKind.Boolean or ParameterKind.Checkbox => "bool",
        ParameterKind.Select when parameter.Multiple => CollectionOf(parameter.EnumName!),
        ParameterKind.Select => parameter.EnumName!,
        ParameterKind.File => Runtime + "DifyFile",
        ParameterKind.Files => CollectionOf(Runtime + "DifyFile"),
        ParameterKind.ModelSelector => parameter.ModelConfigType!,
        ParameterKind.AppSelector => Runtime + "AppSelection",
        ParameterKind.DynamicSelect when parameter.Multiple => CollectionOf("string"),
        ParameterKind.DynamicSelect => "string",
        ParameterKind.Date => "global::System.DateOnly",
        ParameterKind.DateRange => Runtime + "DateRange",
        _ => "global::System.Text.Json.JsonElement",
    };

    private static bool IsValueType(ParameterSpec parameter) => parameter.Kind switch
    {
        ParameterKind.Number or ParameterKind.Boolean or ParameterKind.Checkbox or ParameterKind.Date or ParameterKind.DateRange or ParameterKind.Json => true,
        ParameterKind.Select => !parameter.Multiple,
        _ => false,
    };

    private static string? DefaultExpression(ParameterSpec parameter)
    {
        var value = parameter.Default;
        if (value is null)
        {
            return null;
        }

        return parameter.Kind switch
        {
            ParameterKind.String or ParameterKind.DynamicSelect when !value.IsList => CSharpLiterals.String(value.Text ?? ""),
            ParameterKind.DynamicSelect => $"new string[] {{ {string.Join(", ", (value.Text ?? "").Split('\u001f').Where(item => item.Length > 0).Select(CSharpLiterals.String))} }}",
            ParameterKind.Number => CSharpLiterals.Number(value.Number ?? 0),
            ParameterKind.Boolean or ParameterKind.Checkbox => value.Boolean == true ? "true" : "false",
            ParameterKind.Select when parameter.Multiple => $"new {parameter.EnumName}[] {{ {string.Join(", ", value.OptionIndexes.Select(i => parameter.EnumName + "." + parameter.Options[i].Identifier))} }}",
            ParameterKind.Select => parameter.EnumName + "." + parameter.Options[value.OptionIndexes[0]].Identifier,
            ParameterKind.Date when value.Text is { Length: 10 } date =>
                $"new global::System.DateOnly({int.Parse(date.Substring(0, 4), CultureInfo.InvariantCulture)}, {int.Parse(date.Substring(5, 2), CultureInfo.InvariantCulture)}, {int.Parse(date.Substring(8, 2), CultureInfo.InvariantCulture)})",
            ParameterKind.Json when value.Text is not null => "__Default" + parameter.PropertyName,
            _ => null,
        };
    }

    private static string CollectionOf(string type) => $"global::System.Collections.Generic.IReadOnlyList<{type}>";

    private static string Nullable(double? value) => value is { } number ? CSharpLiterals.Number(number) : "null";

    private static SourceWriter WriteI18n(SourceWriter writer, I18nSpec text, string fallback) =>
        writer.Write($"new {Runtime}I18nText({EscapedText.Literal(text.EnUs ?? fallback)}, {EscapedText.NullableLiteral(text.ZhHans)}, {EscapedText.NullableLiteral(text.JaJp)}, {EscapedText.NullableLiteral(text.PtBr)})");

    /// <summary>Two texts for a doc comment, escaped: blank ones left out, the second left out when it reads as the first.</summary>
    private static (string? First, string? Second) Distinct(string? first, string? second)
    {
        var escapedFirst = string.IsNullOrWhiteSpace(first) ? null : CSharpLiterals.Xml(first!);
        var escapedSecond = string.IsNullOrWhiteSpace(second) ? null : CSharpLiterals.Xml(second!);
        if (escapedSecond == escapedFirst)
        {
            escapedSecond = null;
        }

        return escapedFirst is null ? (escapedSecond, null) : (escapedFirst, escapedSecond);
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    /// <summary>Writes escaped texts after <paramref name="separator"/>, joined by <paramref name="joiner"/>; nothing when there are none.</summary>
    private static void WriteTexts(SourceWriter writer, (string? First, string? Second) texts, string separator, string joiner)
    {
        if (texts.First is null)
        {
            return;
        }

        writer.Write(separator).Write(texts.First);
        if (texts.Second is not null)
        {
            writer.Write(joiner).Write(texts.Second);
        }
    }

    private static void WriteLocales(SourceWriter writer, I18nSpec label, I18nSpec description)
    {
        WriteLocale(writer, "zh_Hans", label.ZhHans, description.ZhHans);
        WriteLocale(writer, "ja_JP", label.JaJp, description.JaJp);
        WriteLocale(writer, "pt_BR", label.PtBr, description.PtBr);
    }

    private static void WriteLocale(SourceWriter writer, string locale, string? label, string? description)
    {
        var texts = Distinct(label, description);
        if (texts.First is not null)
        {
            writer.BeginLine().Write($"/// <para>{locale}: ");
            WriteTexts(writer, texts, "", " — ");
            writer.Write("</para>").EndLine();
        }
    }
}
