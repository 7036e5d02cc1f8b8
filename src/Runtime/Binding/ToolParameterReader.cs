using System.Globalization;
using System.Text.Json;

namespace Dify.Plugin.Binding;

/// <summary>
/// Reads Dify's raw <c>tool_parameters</c> for generated <c>Bind</c> methods, the way Dify casts them
/// (<c>cast_parameter_value</c>), and collects every problem instead of stopping at the first. Not meant to be called
/// by hand.
/// </summary>
public sealed class ToolParameterReader
{
    private readonly ToolParameters _parameters;
    private readonly List<ToolParameterProblem> _problems = [];

    /// <summary>Creates a reader for one tool's parameters.</summary>
    public ToolParameterReader(ToolParameters parameters, string toolName, string manifestPath)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters;
        ToolName = toolName;
        ManifestPath = manifestPath;
    }

    /// <summary>The tool being bound.</summary>
    public string ToolName { get; }

    /// <summary>Its manifest.</summary>
    public string ManifestPath { get; }

    /// <summary>The problems found so far.</summary>
    public IReadOnlyList<ToolParameterProblem> Problems => _problems;

    /// <summary>Throws <see cref="ToolParametersException"/> listing every problem, if there is any.</summary>
    public void ThrowIfProblems()
    {
        if (_problems.Count > 0)
        {
            throw new ToolParametersException(ToolName, _problems.ToArray());
        }
    }

    /// <summary>A <c>string</c>/<c>secret-input</c>/<c>dynamic-select</c> value; an empty string counts as absent, as in Dify.</summary>
    public string? String(string name, int line, bool required)
    {
        if (!TryGet(name, line, required, out var value))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        };
        if (text is null)
        {
            return Fail<string>(name, line, "type", $"expected text, got {Describe(value)}.");
        }

        return text.Length == 0 ? Missing<string>(name, line, required) : text;
    }

    /// <summary>A list of strings (<c>dynamic-select</c> with <c>multiple</c>); a single string is wrapped.</summary>
    public IReadOnlyList<string>? Strings(string name, int line, bool required)
    {
        if (!TryGet(name, line, required, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            var single = value.GetString()!;
            return single.Length == 0 ? Missing<IReadOnlyList<string>>(name, line, required) : [single];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return Fail<IReadOnlyList<string>>(name, line, "type", $"expected a list of text, got {Describe(value)}.");
        }

        var items = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return Fail<IReadOnlyList<string>>(name, line, "type", $"expected a list of text, but an item is {Describe(item)}.");
            }

            items.Add(item.GetString()!);
        }

        return items;
    }

    /// <summary>A <c>number</c>: a JSON integer or float, or a numeric string.</summary>
    public double? Number(string name, int line, bool required, double? min = null, double? max = null)
    {
        if (!TryGet(name, line, required, out var value))
        {
            return null;
        }

        double number;
        if (value.ValueKind == JsonValueKind.Number)
        {
            number = value.GetDouble();
        }
        else if (value.ValueKind == JsonValueKind.String && value.GetString() is { } text)
        {
            if (text.Trim().Length == 0)
            {
                return Missing<double?>(name, line, required);
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number))
            {
                return Fail<double?>(name, line, "type", $"expected a number, got the text \"{text}\".");
            }
        }
        else
        {
            return Fail<double?>(name, line, "type", $"expected a number, got {Describe(value)}.");
        }

        if (min is { } lower && number < lower)
        {
            return Fail<double?>(name, line, "min", $"{number.ToString(CultureInfo.InvariantCulture)} is below the minimum {lower.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (max is { } upper && number > upper)
        {
            return Fail<double?>(name, line, "max", $"{number.ToString(CultureInfo.InvariantCulture)} is above the maximum {upper.ToString(CultureInfo.InvariantCulture)}.");
        }

        return number;
    }

    /// <summary>A <c>boolean</c> (or <c>checkbox</c>): a JSON boolean, 1/0, or Dify's strings true/yes/y/1 and false/no/n/0.</summary>
    public bool? Boolean(string name, int line, bool required)
    {
        if (!TryGet(name, line, required, out var value))
        {
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number when value.TryGetInt32(out var flag) && flag is 0 or 1:
                return flag == 1;
            case JsonValueKind.String:
                switch (value.GetString()!.Trim().ToLowerInvariant())
                {
                    case "true" or "yes" or "y" or "1":
                        return true;
                    case "false" or "no" or "n" or "0":
                        return false;
                    case "":
                        return Missing<bool?>(name, line, required);
                }

                break;
        }

        return Fail<bool?>(name, line, "type", $"expected true or false, got {Describe(value)}.");
    }

    /// <summary>A <c>select</c>: the index of the value among <paramref name="options"/>.</summary>
    public int? Select(string name, int line, bool required, string[] options)
    {
        var text = String(name, line, required);
        if (text is null)
        {
            return null;
        }

        var index = Array.IndexOf(options, text);
        return index >= 0 ? index : Fail<int?>(name, line, "options", $"\"{text}\" is not one of the options: {string.Join(", ", options.Select(o => "\"" + o + "\""))}.");
    }

    /// <summary>A <c>select</c> with <c>multiple</c>: the indexes of the values among <paramref name="options"/>.</summary>
    public IReadOnlyList<int>? SelectMany(string name, int line, bool required, string[] options)
    {
        var texts = Strings(name, line, required);
        if (texts is null)
        {
            return null;
        }

        var indexes = new List<int>(texts.Count);
        foreach (var text in texts)
        {
            var index = Array.IndexOf(options, text);
            if (index < 0)
            {
                return Fail<IReadOnlyList<int>>(name, line, "options", $"\"{text}\" is not one of the options: {string.Join(", ", options.Select(o => "\"" + o + "\""))}.");
            }

            indexes.Add(index);
        }

        return indexes;
    }

    /// <summary>A <c>file</c>.</summary>
    public DifyFile? File(string name, int line, bool required) => Convert(name, line, required, static (value, parameter) => DifyFile.FromJson(value, parameter));

    /// <summary>A <c>files</c> list.</summary>
    public IReadOnlyList<DifyFile>? Files(string name, int line, bool required) => Convert(name, line, required, static (value, parameter) => DifyFile.ListFromJson(value, parameter));

    /// <summary>A <c>model-selector</c> as the config of its scope.</summary>
    public TConfig? ModelConfig<TConfig>(string name, int line, bool required)
        where TConfig : BaseModelConfig, IModelSelectorConfig<TConfig> =>
        Convert(name, line, required, static (value, parameter) => TConfig.FromModelSelector(value, parameter));

    /// <summary>An <c>app-selector</c>.</summary>
    public AppSelection? App(string name, int line, bool required) => Convert(name, line, required, static (value, parameter) => AppSelection.FromJson(value, parameter));

    /// <summary>A <c>date</c>: <c>yyyy-MM-dd</c>, or a date and time whose date is taken.</summary>
    public DateOnly? Date(string name, int line, bool required)
    {
        var text = String(name, line, required);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment)
            ? DateOnly.FromDateTime(moment.Date)
            : Fail<DateOnly?>(name, line, "type", $"expected a date such as 2026-01-31, got \"{text}\".");
    }

    /// <summary>A <c>date-range</c>: <c>{"start", "end"}</c>.</summary>
    public DateRange? DateRange(string name, int line, bool required)
    {
        if (!TryGet(name, line, required, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Object
            && ModelSelector.GetString(value, "start") is { } start
            && ModelSelector.GetString(value, "end") is { } end
            && TryParseDate(start, out var first)
            && TryParseDate(end, out var last))
        {
            return last < first
                ? Fail<DateRange?>(name, line, "type", $"the range ends ({end}) before it starts ({start}).")
                : new DateRange(first, last);
        }

        return Fail<DateRange?>(name, line, "type", $"expected {{\"start\": date, \"end\": date}}, got {Describe(value)}.");
    }

    /// <summary>An <c>object</c>, <c>array</c>, <c>any</c> or unknown-type value, as JSON.</summary>
    public JsonElement? Json(string name, int line, bool required) =>
        TryGet(name, line, required, out var value) ? value.Clone() : null;

    /// <summary>Parses a JSON default from a manifest (used by generated code for object, array and any defaults).</summary>
    public static JsonElement ParseDefault(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private T? Convert<T>(string name, int line, bool required, Func<JsonElement, string, T> convert)
        where T : class
    {
        if (!TryGet(name, line, required, out var value))
        {
            return null;
        }

        try
        {
            return convert(value, name);
        }
        catch (ToolParametersException exception)
        {
            foreach (var problem in exception.Problems)
            {
                _problems.Add(problem with { ManifestPath = ManifestPath, ManifestLine = line });
            }

            return null;
        }
    }

    private bool TryGet(string name, int line, bool required, out JsonElement value)
    {
        if (_parameters.TryGetValue(name, out value))
        {
            return true;
        }

        Missing<object>(name, line, required);
        return false;
    }

    private T? Missing<T>(string name, int line, bool required)
    {
        if (required)
        {
            _problems.Add(new ToolParameterProblem(name, "required", "is required but Dify sent no value.", ManifestPath, line));
        }

        return default;
    }

    private T? Fail<T>(string name, int line, string rule, string message)
    {
        _problems.Add(new ToolParameterProblem(name, rule, message, ManifestPath, line));
        return default;
    }

    private static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
        || (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment) && (date = DateOnly.FromDateTime(moment.Date)) == date);

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => $"the text \"{value.GetString()}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        _ => "nothing",
    };
}
