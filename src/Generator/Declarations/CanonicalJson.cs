using System;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Dify.Plugin.Generator.Helpers;
using Dify.Plugin.Generator.Parsing;

namespace Dify.Plugin.Generator.Declarations;

/// <summary>
/// Writes YAML values as the Python SDK's pydantic models dump them in JSON mode: compact, non-ASCII as is, ints without
/// a point, floats in shortest round-trip form with a point (<c>5.0</c>), a value of the wrong type as the text it is
/// (the parsers report it). See <c>tests/Dify.Plugin.Generator.Tests/Declarations/SPEC.md</c> for every rule.
/// </summary>
internal sealed class CanonicalJson
{
    // PyYAML's timestamp resolver (YAML 1.1), which turns an unquoted created_at into a datetime.
    private static readonly Regex Timestamp = new(
        @"^(?<date>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})(?:[Tt]|[ \t]+)(?<hour>[0-9]{1,2}):(?<minute>[0-9]{2}):(?<second>[0-9]{2})(?:\.(?<fraction>[0-9]*))?(?:[ \t]*(?<zone>Z|[-+][0-9]{1,2}(?::?[0-9]{2})?))?$",
        RegexOptions.CultureInvariant);

    private readonly StringBuilder _builder = StringBuilderCache.Acquire();
    private bool _needsComma;

    /// <summary>The JSON written. The writer is done after this: its buffer goes to the next declaration.</summary>
    public string Complete() => StringBuilderCache.ToStringAndRelease(_builder);

    public CanonicalJson Open(char bracket)
    {
        Separate();
        _builder.Append(bracket);
        _needsComma = false;
        return this;
    }

    public CanonicalJson Close(char bracket)
    {
        _builder.Append(bracket);
        _needsComma = true;
        return this;
    }

    public CanonicalJson Key(string key)
    {
        Separate();
        JsonText.AppendString(_builder, key).Append(':');
        _needsComma = false;
        return this;
    }

    public CanonicalJson Null() => Raw("null");

    public CanonicalJson Boolean(bool value) => Raw(value ? "true" : "false");

    public CanonicalJson String(string value)
    {
        Separate();
        JsonText.AppendString(_builder, value);
        _needsComma = true;
        return this;
    }

    /// <summary>A <c>str</c> field: the scalar's text, null for YAML null or a collection (pydantic rejects both).</summary>
    public CanonicalJson Text(YamlNode? node) =>
        node is YamlScalar { IsNull: false } scalar ? String(scalar.Value) : Null();

    /// <summary>A <c>bool</c> field: YAML 1.1 booleans and the strings pydantic's lax mode reads as one.</summary>
    public CanonicalJson Flag(YamlNode? node, bool? absent, bool nullable = true)
    {
        if (node is null)
        {
            return absent is { } value ? Boolean(value) : Null();
        }

        if (node is YamlScalar scalar && (scalar.BooleanValue ?? LaxBoolean(scalar.Value)) is { } flag)
        {
            return Boolean(flag);
        }

        return nullable || absent is null ? Null() : Boolean(absent.Value);
    }

    /// <summary>A <c>float | int</c> field: a YAML int stays an int, a float a float, quoted text is read as a number.</summary>
    public CanonicalJson Number(YamlNode? node, bool integer = false)
    {
        if (node is not YamlScalar { IsNull: false } scalar || scalar.NumberValue is not { } number)
        {
            return Null();
        }

        return Raw(integer || scalar.IsInteger ? JsonNumbers.Integer(number, scalar.Value) : JsonNumbers.Float(number));
    }

    /// <summary>A free value (<c>default</c>, <c>input_schema</c>): the YAML as PyYAML loads it, keys in document order.</summary>
    public CanonicalJson Value(YamlNode? node)
    {
        if (node is null)
        {
            return Null();
        }

        switch (node)
        {
            case YamlScalar scalar:
                if (scalar.IsNull)
                {
                    return Null();
                }

                if (scalar.BooleanValue is { } flag)
                {
                    return Boolean(flag);
                }

                if (scalar.IsNumber && scalar.NumberValue is { } number)
                {
                    return Raw(scalar.IsInteger ? JsonNumbers.Integer(number, scalar.Value) : JsonNumbers.Float(number));
                }

                return String(scalar.Value);
            case YamlSequence sequence:
                Open('[');
                foreach (var item in sequence.Items)
                {
                    Value(item);
                }

                return Close(']');
            case YamlMapping mapping:
                Open('{');
                foreach (var pair in mapping.Pairs)
                {
                    Key(pair.Key.Value).Value(pair.Value);
                }

                return Close('}');
            default:
                return Null();
        }
    }

    /// <summary>An option value, which the SDK turns into Python's <c>str()</c> of whatever YAML gave.</summary>
    public CanonicalJson PythonString(YamlNode? node)
    {
        if (node is not YamlScalar scalar || scalar.IsNull)
        {
            return String(node is YamlScalar ? "None" : "");
        }

        if (scalar.BooleanValue is { } flag)
        {
            return String(flag ? "True" : "False");
        }

        if (scalar.IsNumber && scalar.NumberValue is { } number)
        {
            return String(scalar.IsInteger ? JsonNumbers.Integer(number, scalar.Value) : JsonNumbers.Float(number));
        }

        return String(scalar.Value);
    }

    /// <summary>A datetime as pydantic writes it: fraction cut to 6 digits and shown only when not zero, UTC as Z.</summary>
    public CanonicalJson DateTime(YamlNode? node)
    {
        if (node is not YamlScalar { IsNull: false } scalar)
        {
            return Null();
        }

        var match = Timestamp.Match(scalar.Value.Trim());
        if (!match.Success)
        {
            return String(scalar.Value);
        }

        var date = match.Groups["date"].Value.Split('-');
        var text = new StringBuilder()
            .Append(date[0]).Append('-').Append(date[1].PadLeft(2, '0')).Append('-').Append(date[2].PadLeft(2, '0'))
            .Append('T').Append(match.Groups["hour"].Value.PadLeft(2, '0')).Append(':').Append(match.Groups["minute"].Value).Append(':').Append(match.Groups["second"].Value);
        var fraction = match.Groups["fraction"].Value;
        fraction = fraction.Length > 6 ? fraction.Substring(0, 6) : fraction.PadRight(6, '0');
        if (fraction != "000000")
        {
            text.Append('.').Append(fraction);
        }

        var zone = match.Groups["zone"].Value;
        if (zone.Length > 0)
        {
            text.Append(ZoneText(zone));
        }

        return String(text.ToString());
    }

    private static string ZoneText(string zone)
    {
        if (zone == "Z")
        {
            return "Z";
        }

        var digits = zone.Substring(1).Replace(":", "");
        var hours = int.Parse(digits.Length <= 2 ? digits : digits.Substring(0, digits.Length - 2), CultureInfo.InvariantCulture);
        var minutes = digits.Length <= 2 ? 0 : int.Parse(digits.Substring(digits.Length - 2), CultureInfo.InvariantCulture);
        return hours == 0 && minutes == 0
            ? "Z"
            : zone[0] + hours.ToString("00", CultureInfo.InvariantCulture) + ":" + minutes.ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>Text already in JSON form.</summary>
    public CanonicalJson Raw(string json)
    {
        Separate();
        _builder.Append(json);
        _needsComma = true;
        return this;
    }

    private void Separate()
    {
        if (_needsComma)
        {
            _builder.Append(',');
            _needsComma = false;
        }
    }

    private static bool? LaxBoolean(string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "on" or "1" or "t" or "y" => true,
        "false" or "no" or "off" or "0" or "f" or "n" => false,
        _ => null,
    };
}
