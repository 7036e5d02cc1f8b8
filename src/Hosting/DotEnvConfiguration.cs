using Dify.Plugin.Hosting;

namespace Microsoft.Extensions.Configuration;

/// <summary>A <c>.env</c> file as configuration: <c>KEY=VALUE</c> lines read as the Python SDK and <c>PluginSettings</c> read them.</summary>
public sealed class DotEnvConfigurationSource : IConfigurationSource
{
    /// <summary>The file; <c>.env</c> in the current directory when null.</summary>
    public string? Path { get; set; }

    /// <summary>Whether a missing file is fine (it is by default: <c>.env</c> is for development).</summary>
    public bool Optional { get; set; } = true;

    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new DotEnvConfigurationProvider(this);
}

/// <summary>Reads a <c>.env</c> file once; <c>__</c> in a key is the section separator, as for environment variables.</summary>
public sealed class DotEnvConfigurationProvider(DotEnvConfigurationSource source) : ConfigurationProvider
{
    /// <inheritdoc />
    public override void Load()
    {
        var path = source.Path ?? System.IO.Path.Combine(Directory.GetCurrentDirectory(), ".env");
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (File.Exists(path))
        {
            foreach (var (key, value) in PluginSettings.ParseDotEnv(File.ReadAllLines(path)))
            {
                data[key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = value;
            }
        }
        else if (!source.Optional)
        {
            throw new FileNotFoundException($"The .env file {path} does not exist.", path);
        }

        Data = data;
    }
}

/// <summary>Adds a <c>.env</c> file to configuration.</summary>
public static class DotEnvConfigurationExtensions
{
    /// <summary>Adds the <c>.env</c> file at <paramref name="path"/> (<c>.env</c> in the current directory when null).</summary>
    public static IConfigurationBuilder AddDotEnvFile(this IConfigurationBuilder builder, string? path = null, bool optional = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new DotEnvConfigurationSource { Path = path, Optional = optional });
    }
}
