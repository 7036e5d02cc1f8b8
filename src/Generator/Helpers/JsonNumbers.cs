using System;
using System.Globalization;
using Dify.Plugin.Generator.Parsing;

namespace Dify.Plugin.Generator.Helpers;

/// <summary>
/// Numbers of a manifest written as JSON the way the Python side writes them, for the declarations and for the JSON
/// the records carry alike.
/// </summary>
internal static class JsonNumbers
{
    /// <summary>An integer as Python writes it: exact past 2^53 (from the YAML's text, in any of its bases), and no <c>-0</c>.</summary>
    public static string Integer(double number, string yamlText)
    {
        if (Math.Abs(number) < 9007199254740992d)
        {
            return ((long)number).ToString(CultureInfo.InvariantCulture);
        }

        // Past 2^53 a double loses digits Python keeps.
        return YamlNumbers.ExactInteger(yamlText) is { } exact ? exact.ToString(CultureInfo.InvariantCulture) : number.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>A float the way Rust's ryu (pydantic's JSON writer) prints it: decimal from 1e-5 up to 1e16, else <c>1.5e-7</c>.</summary>
    public static string Float(double number)
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
