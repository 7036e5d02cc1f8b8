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

        return Raw(integer || scalar.IsInteger ? Integer(number, scalar) : Float(number));
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
                    return Raw(scalar.IsInteger ? Integer(number, scalar) : Float(number));
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
            return String(scalar.IsInteger ? Integer(number, scalar) : Float(number));
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

    private static string Integer(double number, YamlScalar scalar)
    {
        if (Math.Abs(number) < 9007199254740992d)
        {
            return ((long)number).ToString(CultureInfo.InvariantCulture);
        }

        // Past 2^53 a double loses digits Python keeps; plain decimal text is exact.
        var digits = scalar.Value.Replace("_", "").TrimStart('+');
        return digits.Length > 0 && digits.TrimStart('-').Length > 0 && AllDigits(digits.TrimStart('-')) ? digits : number.ToString("R", CultureInfo.InvariantCulture);
    }

    private static bool AllDigits(string text)
    {
        foreach (var character in text)
        {
            if (character is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A float the way Rust's ryu (pydantic's JSON writer) prints it: decimal from 1e-5 up to 1e16, else <c>1.5e-7</c>.</summary>
    internal static string Float(double number)
    {
        var shortest = Math.Abs(number).ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = shortest.IndexOf('E');
        var mantissa = exponentAt < 0 ? shortest : shortest.Substring(0, exponentAt);
        var exponent = exponentAt < 0 ? 0 : int.Parse(shortest.Substring(exponentAt + 1), CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var integerDigits = (point < 0 ? mantissa.Length : point) + exponent;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Substring(leadingZeros).TrimEnd('0');
        integerDigits -= leadingZeros;
        var sign = number < 0 || (number == 0 && 1 / number < 0) ? "-" : "";
        if (digits.Length == 0)
        {
            return sign + "0.0";
        }

        // The value is 0.<digits> × 10^integerDigits; the first digit's power of ten is integerDigits - 1.
        var power = integerDigits - 1;
        if (power is < -5 or >= 16)
        {
            return sign + digits.Substring(0, 1) + (digits.Length > 1 ? "." + digits.Substring(1) : "") + "e" + power.ToString(CultureInfo.InvariantCulture);
        }

        if (integerDigits <= 0)
        {
            return sign + "0." + new string('0', -integerDigits) + digits;
        }

        return sign + (digits.Length <= integerDigits
            ? digits.PadRight(integerDigits, '0') + ".0"
            : digits.Substring(0, integerDigits) + "." + digits.Substring(integerDigits));
    }
}
