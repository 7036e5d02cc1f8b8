using System.Globalization;
using System.Text;

namespace Dify.Plugin.Hosting;

/// <summary>Makes text that came over the wire (ids, names, the daemon's refusals) safe to put in a log line.</summary>
internal static class LogText
{
    /// <summary>
    /// <paramref name="text"/> with control characters written as <c>\uXXXX</c> (a raw escape sequence or newline from
    /// the daemon could rewrite a terminal or forge log lines), cut to <paramref name="maxLength"/> characters.
    /// </summary>
    public static string Escape(string? text, int maxLength = 64)
    {
        if (text is null)
        {
            return "(none)";
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 16);
        foreach (var character in text.AsSpan(0, Math.Min(text.Length, maxLength)))
        {
            if (char.IsControl(character) || character is '\u2028' or '\u2029')
            {
                builder.Append("\\u").Append(((int)character).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(character);
            }
        }

        if (text.Length > maxLength)
        {
            builder.Append(CultureInfo.InvariantCulture, $"… ({text.Length} characters)");
        }

        return builder.ToString();
    }
}
