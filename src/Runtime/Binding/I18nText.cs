using System.Globalization;

namespace Dify.Plugin;

/// <summary>A text in Dify's locales (<c>I18nObject</c>): <c>en_US</c> always, the others when the manifest has them.</summary>
/// <param name="EnUs"><c>en_US</c></param>
/// <param name="ZhHans"><c>zh_Hans</c></param>
/// <param name="JaJp"><c>ja_JP</c></param>
/// <param name="PtBr"><c>pt_BR</c></param>
public sealed record I18nText(string EnUs, string? ZhHans = null, string? JaJp = null, string? PtBr = null)
{
    /// <summary>The text for <paramref name="culture"/> (or the current UI culture), falling back to <c>en_US</c> as Dify does.</summary>
    public string Get(CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentUICulture;
        var text = culture.Name switch
        {
            "zh-Hans" or "zh-CN" or "zh-SG" => ZhHans,
            _ when culture.TwoLetterISOLanguageName == "ja" => JaJp,
            _ when culture.TwoLetterISOLanguageName == "pt" => PtBr,
            _ when culture.Name.StartsWith("zh-Hans", StringComparison.Ordinal) => ZhHans,
            _ => null,
        };
        return text ?? EnUs;
    }

    /// <inheritdoc />
    public override string ToString() => EnUs;
}
