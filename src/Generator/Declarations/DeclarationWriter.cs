using System.Linq;
using Dify.Plugin.Generator.Parsing;

namespace Dify.Plugin.Generator.Declarations;

/// <summary>
/// Writes a manifest as the Python SDK sends it at registration: the pydantic model the SDK builds from the same YAML,
/// dumped with no options (every field, defaults filled, keys in model order, unknown keys dropped, I18n texts with all
/// four locales). Facts and citations: <c>tests/Dify.Plugin.Generator.Tests/Declarations/SPEC.md</c>, from
/// langgenius/dify-plugin-sdks at 28d1d22 (<c>core/entities/plugin/setup.py</c>, <c>entities/tool.py</c>,
/// <c>entities/provider_config.py</c>, <c>entities/oauth.py</c>, <c>entities/parameters.py</c>).
/// </summary>
internal static class DeclarationWriter
{
    private static readonly (string Alias, string Name)[] Locales = { ("zh_Hans", "zh_hans"), ("pt_BR", "pt_br"), ("ja_JP", "ja_jp"), ("en_US", "en_us") };

    /// <summary><c>manifest_declaration</c>: <c>PluginConfiguration</c> (setup.py).</summary>
    public static string Manifest(YamlMapping root)
    {
        var json = new CanonicalJson().Open('{');
        json.Key("version").Text(root.Get("version"));
        json.Key("type").Text(root.Get("type"));
        json.Key("author").Text(root.Get("author"));
        json.Key("name").Text(root.Get("name"));
        json.Key("repo").Text(root.Get("repo"));
        I18n(json.Key("description"), root.Get("description"));
        json.Key("icon").Text(root.Get("icon"));
        json.Key("icon_dark").Text(root.Get("icon_dark"));
        I18n(json.Key("label"), root.Get("label"));
        json.Key("created_at").DateTime(root.Get("created_at"));

        var resource = root.Get("resource") as YamlMapping;
        json.Key("resource").Open('{');
        json.Key("memory").Number(resource?.Get("memory"), integer: true);
        json.Key("permission");
        if (resource?.Get("permission") is YamlMapping permission)
        {
            json.Open('{');
            Permission(json, permission, "tool");
            Permission(json, permission, "model", "llm", "text_embedding", "rerank", "tts", "speech2text", "moderation");
            Permission(json, permission, "node");
            Permission(json, permission, "endpoint");
            Permission(json, permission, "app");
            json.Key("storage");
            if (permission.Get("storage") is YamlMapping storage)
            {
                json.Open('{').Key("enabled").Flag(storage.Get("enabled"), false);
                json.Key("size");
                if (storage.Get("size") is { } size)
                {
                    json.Number(size, integer: true);
                }
                else
                {
                    json.Raw("1048576");
                }

                json.Close('}');
            }
            else
            {
                json.Null();
            }

            json.Close('}');
        }
        else
        {
            json.Null();
        }

        json.Close('}');

        var plugins = root.Get("plugins") as YamlMapping;
        json.Key("plugins").Open('{');
        foreach (var kind in new[] { "tools", "models", "endpoints", "agent_strategies", "datasources", "triggers" })
        {
            Strings(json.Key(kind), plugins?.Get(kind));
        }

        json.Close('}');

        var meta = root.Get("meta") as YamlMapping;
        var runner = meta?.Get("runner") as YamlMapping;
        json.Key("meta").Open('{');
        json.Key("version").Text(meta?.Get("version"));
        Strings(json.Key("arch"), meta?.Get("arch"));
        json.Key("runner").Open('{')
            .Key("language").Text(runner?.Get("language"))
            .Key("version").Text(runner?.Get("version"))
            .Key("entrypoint").Text(runner?.Get("entrypoint"))
            .Close('}');
        json.Key("minimum_dify_version").Text(meta?.Get("minimum_dify_version"));
        json.Close('}');
        return json.Close('}').Complete();
    }

    /// <summary>
    /// A tool provider (<c>ToolProviderConfiguration</c>, tool.py), split where its tools go: the JSON up to and
    /// including <c>"tools":[</c>, and the rest. Credentials become the named list the SDK makes of the map, whichever
    /// key and form the YAML used (the daemon reads both; a map on the JSON path would lose its names).
    /// </summary>
    public static (string BeforeTools, string AfterTools) Provider(YamlMapping root)
    {
        var json = new CanonicalJson().Open('{');
        var identity = root.Get("identity") as YamlMapping;
        json.Key("identity").Open('{');
        json.Key("author").Text(identity?.Get("author"));
        json.Key("name").Text(identity?.Get("name"));
        I18n(json.Key("description"), identity?.Get("description"));
        json.Key("icon").Text(identity?.Get("icon"));
        json.Key("icon_dark").Text(identity?.Get("icon_dark"));
        I18n(json.Key("label"), identity?.Get("label"));
        Strings(json.Key("tags"), identity?.Get("tags"));
        json.Close('}');

        json.Key("credentials_schema").Open('[');
        switch (root.Get("credentials_for_provider") ?? root.Get("credentials_schema"))
        {
            case YamlMapping credentials:
                foreach (var pair in credentials.Pairs)
                {
                    ProviderConfig(json, pair.Value as YamlMapping, pair.Key.Value);
                }

                break;
            case YamlSequence credentials:
                foreach (var item in credentials.Items)
                {
                    ProviderConfig(json, item as YamlMapping, null);
                }

                break;
        }

        json.Close(']');

        json.Key("oauth_schema");
        if (root.Get("oauth_schema") is YamlMapping oauth)
        {
            json.Open('{');
            ProviderConfigs(json.Key("client_schema"), oauth.Get("client_schema"));
            ProviderConfigs(json.Key("credentials_schema"), oauth.Get("credentials_schema"));
            json.Close('}');
        }
        else
        {
            json.Null();
        }

        json.Key("tools").Open('[');
        var beforeTools = json.Complete();
        var after = new CanonicalJson();
        after.Close(']');
        Extra(after.Key("extra"), root.Get("extra"));
        after.Close('}');
        return (beforeTools, after.Complete());
    }

    /// <summary>A tool as embedded in its provider (<c>ToolConfiguration</c>, tool.py).</summary>
    public static string Tool(YamlMapping root)
    {
        var json = new CanonicalJson().Open('{');
        var identity = root.Get("identity") as YamlMapping;
        json.Key("identity").Open('{')
            .Key("author").Text(identity?.Get("author"))
            .Key("name").Text(identity?.Get("name"));
        I18n(json.Key("label"), identity?.Get("label"));
        json.Close('}');

        json.Key("parameters").Open('[');
        if (root.Get("parameters") is YamlSequence parameters)
        {
            foreach (var parameter in parameters.Items.OfType<YamlMapping>())
            {
                Parameter(json, parameter);
            }
        }

        json.Close(']');

        var description = root.Get("description") as YamlMapping;
        json.Key("description").Open('{');
        I18n(json.Key("human"), description?.Get("human"));
        json.Key("llm");
        if (description?.Get("llm") is YamlScalar { IsNull: false } llm)
        {
            json.String(llm.Value);
        }
        else
        {
            json.String("");
        }

        json.Close('}');
        Extra(json.Key("extra"), root.Get("extra"));
        json.Key("has_runtime_parameters").Boolean(false);
        json.Key("output_schema").Value(root.Get("output_schema") as YamlMapping);
        return json.Close('}').Complete();
    }

    /// <summary><c>ToolParameter</c> (tool.py): all 18 keys.</summary>
    private static void Parameter(CanonicalJson json, YamlMapping parameter)
    {
        json.Open('{');
        json.Key("name").Text(parameter.Get("name"));
        I18n(json.Key("label"), parameter.Get("label"));
        I18n(json.Key("human_description"), parameter.Get("human_description"));
        json.Key("type").Text(parameter.Get("type"));
        json.Key("auto_generate");
        if (parameter.Get("auto_generate") is YamlMapping autoGenerate)
        {
            json.Open('{').Key("type").Text(autoGenerate.Get("type")).Close('}');
        }
        else
        {
            json.Null();
        }

        json.Key("template");
        if (parameter.Get("template") is YamlMapping template)
        {
            json.Open('{').Key("enabled").Flag(template.Get("enabled"), false, nullable: false).Close('}');
        }
        else
        {
            json.Null();
        }

        json.Key("scope").Text(parameter.Get("scope"));
        json.Key("form").Text(parameter.Get("form"));
        json.Key("llm_description").Text(parameter.Get("llm_description"));
        json.Key("required").Flag(parameter.Get("required"), false);
        json.Key("multiple").Flag(parameter.Get("multiple"), false, nullable: false);
        json.Key("default").Value(parameter.Get("default"));
        json.Key("min").Number(parameter.Get("min"));
        json.Key("max").Number(parameter.Get("max"));
        json.Key("precision").Number(parameter.Get("precision"), integer: true);
        json.Key("options");
        if (parameter.Get("options") is YamlSequence options)
        {
            json.Open('[');
            foreach (var option in options.Items.OfType<YamlMapping>())
            {
                json.Open('{');
                json.Key("value").PythonString(option.Get("value"));
                I18n(json.Key("label"), option.Get("label"));
                json.Key("icon").Text(option.Get("icon"));
                ShowOn(json.Key("show_on"), option.Get("show_on"));
                json.Close('}');
            }

            json.Close(']');
        }
        else
        {
            json.Null();
        }

        json.Key("input_schema").Value(parameter.Get("input_schema") as YamlMapping);
        ShowOn(json.Key("show_on"), parameter.Get("show_on"));
        json.Close('}');
    }

    /// <summary><c>ProviderConfig</c> (provider_config.py): all 11 keys; a map key names the entry.</summary>
    private static void ProviderConfig(CanonicalJson json, YamlMapping? config, string? mapKey)
    {
        json.Open('{');
        if (mapKey is not null)
        {
            json.Key("name").String(mapKey);
        }
        else
        {
            json.Key("name").Text(config?.Get("name"));
        }

        json.Key("type").Text(config?.Get("type"));
        json.Key("scope").Text(config?.Get("scope"));
        json.Key("required").Flag(config?.Get("required"), false, nullable: false);
        json.Key("default").Value(config?.Get("default"));
        json.Key("options");
        if (config?.Get("options") is YamlSequence options)
        {
            json.Open('[');
            foreach (var option in options.Items.OfType<YamlMapping>())
            {
                json.Open('{').Key("value").Text(option.Get("value"));
                I18n(json.Key("label"), option.Get("label"));
                json.Close('}');
            }

            json.Close(']');
        }
        else
        {
            json.Null();
        }

        json.Key("multiple").Flag(config?.Get("multiple"), false);
        I18n(json.Key("label"), config?.Get("label"));
        OptionalI18n(json.Key("help"), config?.Get("help"));
        json.Key("url").Text(config?.Get("url"));
        OptionalI18n(json.Key("placeholder"), config?.Get("placeholder"));
        json.Close('}');
    }

    private static void ProviderConfigs(CanonicalJson json, YamlNode? node)
    {
        json.Open('[');
        if (node is YamlSequence configs)
        {
            foreach (var item in configs.Items)
            {
                ProviderConfig(json, item as YamlMapping, null);
            }
        }

        json.Close(']');
    }

    /// <summary>An <c>I18nObject</c>: the four locales in model order, each missing one filled from en_US, others dropped.</summary>
    private static void I18n(CanonicalJson json, YamlNode? node)
    {
        var mapping = node as YamlMapping;
        var english = Locale(mapping, "en_US", "en_us") ?? "";
        json.Open('{');
        foreach (var (alias, name) in Locales)
        {
            var text = Locale(mapping, alias, name);
            json.Key(alias).String(string.IsNullOrEmpty(text) ? english : text!);
        }

        json.Close('}');
    }

    private static void OptionalI18n(CanonicalJson json, YamlNode? node)
    {
        if (node is YamlMapping)
        {
            I18n(json, node);
        }
        else
        {
            json.Null();
        }
    }

    private static string? Locale(YamlMapping? mapping, string alias, string name) =>
        (mapping?.Get(alias) ?? mapping?.Get(name)) is YamlScalar { IsNull: false } scalar ? scalar.Value : null;

    private static void Permission(CanonicalJson json, YamlMapping permission, string key, params string[] flags)
    {
        json.Key(key);
        if (permission.Get(key) is not YamlMapping entry)
        {
            json.Null();
            return;
        }

        json.Open('{').Key("enabled").Flag(entry.Get("enabled"), false);
        foreach (var flag in flags)
        {
            json.Key(flag).Flag(entry.Get(flag), false);
        }

        json.Close('}');
    }

    private static void Strings(CanonicalJson json, YamlNode? node)
    {
        json.Open('[');
        if (node is YamlSequence items)
        {
            foreach (var item in items.Items)
            {
                json.Text(item);
            }
        }

        json.Close(']');
    }

    private static void ShowOn(CanonicalJson json, YamlNode? node)
    {
        json.Open('[');
        if (node is YamlSequence items)
        {
            foreach (var item in items.Items.OfType<YamlMapping>())
            {
                json.Open('{').Key("variable").Text(item.Get("variable")).Key("value").Text(item.Get("value")).Close('}');
            }
        }

        json.Close(']');
    }

    /// <summary><c>extra</c>: only <c>python.source</c> is modelled; a C# plugin that has none sends an empty one.</summary>
    private static void Extra(CanonicalJson json, YamlNode? node)
    {
        var python = (node as YamlMapping)?.Get("python") as YamlMapping;
        json.Open('{').Key("python").Open('{').Key("source");
        if (python?.Get("source") is YamlScalar { IsNull: false } source)
        {
            json.String(source.Value);
        }
        else
        {
            json.String("");
        }

        json.Close('}').Close('}');
    }
}
