using System.Collections;
using System.Globalization;

namespace Dify.Plugin.Hosting;

/// <summary>How the plugin connects to Dify (<c>INSTALL_METHOD</c>).</summary>
public enum InstallMethod
{
    /// <summary><c>local</c>: the daemon started the process; the protocol runs over stdin and stdout.</summary>
    Local,

    /// <summary><c>remote</c>: remote debugging; the plugin connects to the daemon's debug port over TCP.</summary>
    Remote,
}

/// <summary>A setting has a value the plugin cannot use.</summary>
public sealed class PluginConfigurationException(string message) : Exception(message);

/// <summary>
/// The settings the Python SDK reads, with the same names, from the environment or a <c>.env</c> file (the
/// environment wins): <c>INSTALL_METHOD</c>, <c>REMOTE_INSTALL_URL</c> or <c>REMOTE_INSTALL_HOST</c> and
/// <c>REMOTE_INSTALL_PORT</c>, <c>REMOTE_INSTALL_KEY</c>, <c>MAX_REQUEST_TIMEOUT</c>, <c>PLUGIN_MAX_EXECUTION_TIMEOUT</c>, <c>MAX_INVOCATION_TIMEOUT</c>,
/// <c>HEARTBEAT_INTERVAL</c>.
/// </summary>
public sealed record PluginSettings
{
    /// <summary>The shortest time any setting accepts: one millisecond.</summary>
    public const double MinimumSeconds = 0.001;

    /// <summary>The longest <c>MAX_REQUEST_TIMEOUT</c>, <c>PLUGIN_MAX_EXECUTION_TIMEOUT</c> and <c>MAX_INVOCATION_TIMEOUT</c>: 30 days.</summary>
    public const double MaximumTimeoutSeconds = 30 * 24 * 3600;

    /// <summary>The longest <c>HEARTBEAT_INTERVAL</c>: 59 s, since the daemon drops a plugin it has not heard from for 60 s.</summary>
    public const double MaximumHeartbeatSeconds = 59;

    /// <summary><c>INSTALL_METHOD</c>; <c>local</c> by default.</summary>
    public InstallMethod InstallMethod { get; init; } = InstallMethod.Local;

    /// <summary>The daemon's debug host; <c>localhost</c> by default.</summary>
    public string RemoteHost { get; init; } = "localhost";

    /// <summary>The daemon's debug port; 5003 by default.</summary>
    public int RemotePort { get; init; } = 5003;

    /// <summary><c>REMOTE_INSTALL_KEY</c>, from Dify's Plugins → Debug page.</summary>
    public string? RemoteKey { get; init; }

    /// <summary>
    /// <c>MAX_REQUEST_TIMEOUT</c> (300 s), read and checked as the Python SDK reads it. The SDK uses it only for
    /// serverless installs (<c>plugin.py</c>, <c>max_single_connection_lifetime</c>), which this host does not support,
    /// so it does not limit a request; <see cref="MaxExecutionTimeout"/> does.
    /// </summary>
    public TimeSpan MaxRequestTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>
    /// <c>PLUGIN_MAX_EXECUTION_TIMEOUT</c>: how long one request may run (600 s), the daemon's own limit under its own
    /// name. When it is up the daemon has answered Dify "killed by timeout" and reads no more of the session, so the
    /// host cancels the tool and ends the session.
    /// </summary>
    public TimeSpan MaxExecutionTimeout { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary><c>MAX_INVOCATION_TIMEOUT</c>: how long a backwards invocation may go silent (250 s).</summary>
    public TimeSpan MaxInvocationTimeout { get; init; } = TimeSpan.FromSeconds(250);

    /// <summary><c>HEARTBEAT_INTERVAL</c>: how often to tell the daemon the plugin is alive (10 s; the daemon drops it after 60 s).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Reads the settings from <paramref name="environment"/> (the process environment by default) and a <c>.env</c> file.</summary>
    /// <param name="environment">The variables; the process's when null.</param>
    /// <param name="dotEnvPath">The <c>.env</c> file; <c>.env</c> in the current directory when null. A missing file is fine.</param>
    /// <exception cref="PluginConfigurationException">A value is unusable; the message names it.</exception>
    public static PluginSettings Load(IReadOnlyDictionary<string, string?>? environment = null, string? dotEnvPath = null)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var path = dotEnvPath ?? Path.Combine(Directory.GetCurrentDirectory(), ".env");
        if (File.Exists(path))
        {
            foreach (var (key, value) in ParseDotEnv(File.ReadAllLines(path)))
            {
                values[key] = value;
            }
        }

        foreach (var (key, value) in environment ?? ProcessEnvironment())
        {
            if (value is not null)
            {
                values[key] = value;
            }
        }

        string? Get(string key) => values.TryGetValue(key, out var value) && value.Trim().Length > 0 ? value.Trim() : null;

        var settings = new PluginSettings
        {
            InstallMethod = Get("INSTALL_METHOD")?.ToLowerInvariant() switch
            {
                null or "local" => InstallMethod.Local,
                "remote" => InstallMethod.Remote,
                "serverless" => throw new PluginConfigurationException("INSTALL_METHOD=serverless is not supported by Dify.Plugin for .NET; use local or remote."),
                var other => throw new PluginConfigurationException($"INSTALL_METHOD is '{other}'; use local (run by Dify's daemon) or remote (remote debugging)."),
            },
            RemoteKey = Get("REMOTE_INSTALL_KEY"),
            MaxRequestTimeout = Seconds(Get("MAX_REQUEST_TIMEOUT"), "MAX_REQUEST_TIMEOUT", 300, MaximumTimeoutSeconds, "at most 30 days"),
            MaxExecutionTimeout = Seconds(Get("PLUGIN_MAX_EXECUTION_TIMEOUT"), "PLUGIN_MAX_EXECUTION_TIMEOUT", 600, MaximumTimeoutSeconds, "at most 30 days"),
            MaxInvocationTimeout = Seconds(Get("MAX_INVOCATION_TIMEOUT"), "MAX_INVOCATION_TIMEOUT", 250, MaximumTimeoutSeconds, "at most 30 days"),
            HeartbeatInterval = Seconds(Get("HEARTBEAT_INTERVAL"), "HEARTBEAT_INTERVAL", 10, MaximumHeartbeatSeconds, "under the 60 s after which the daemon drops a silent plugin"),
        };

        if (Get("REMOTE_INSTALL_URL") is { } url)
        {
            var (host, port) = ParseUrl(url);
            settings = settings with { RemoteHost = host, RemotePort = port };
        }
        else
        {
            settings = settings with
            {
                RemoteHost = Get("REMOTE_INSTALL_HOST") ?? "localhost",
                RemotePort = Get("REMOTE_INSTALL_PORT") is { } port ? Port(port, "REMOTE_INSTALL_PORT") : 5003,
            };
        }

        if (settings.InstallMethod == InstallMethod.Remote && settings.RemoteKey is null)
        {
            throw new PluginConfigurationException(
                "REMOTE_INSTALL_KEY is not set. Copy the debug key from Dify (Plugins → Debug) into .env as REMOTE_INSTALL_KEY=…; keys expire after two hours.");
        }

        return settings;
    }

    /// <summary>Reads <c>KEY=VALUE</c> lines: <c>#</c> comments, optional <c>export</c>, single or double quotes.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ParseDotEnv(IEnumerable<string> lines)
    {
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line[7..].TrimStart();
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var key = line[..equals].Trim();
            var value = line[(equals + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
            {
                value = value[1..^1];
            }
            else if (value.IndexOf(" #", StringComparison.Ordinal) is var comment and >= 0)
            {
                value = value[..comment].TrimEnd();
            }

            yield return new(key, value);
        }
    }

    private static (string Host, int Port) ParseUrl(string url)
    {
        var text = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        text = text.TrimEnd('/');
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            throw new PluginConfigurationException($"REMOTE_INSTALL_URL is '{url}'; it must be host:port, such as localhost:5003 (the daemon's debug address from Dify's Plugins → Debug page).");
        }

        return (text[..colon].Trim('[', ']'), Port(text[(colon + 1)..], "REMOTE_INSTALL_URL"));
    }

    private static int Port(string text, string name) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw new PluginConfigurationException($"{name} has the port '{text}'; it must be a number from 1 to 65535.");

    private static TimeSpan Seconds(string? text, string name, double fallback, double maximum, string why)
    {
        if (text is null)
        {
            return TimeSpan.FromSeconds(fallback);
        }

        // Checked here, not where the value is used: timers take at most 49.7 days, and TimeSpan overflows long before 1e300.
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= MinimumSeconds && seconds <= maximum
            ? TimeSpan.FromSeconds(seconds)
            : throw new PluginConfigurationException(
                $"{name} is '{text}'; it must be a number of seconds from {MinimumSeconds.ToString(CultureInfo.InvariantCulture)} to {maximum.ToString(CultureInfo.InvariantCulture)} ({why}). "
                + $"Set it within that range, or remove it to use the default of {fallback.ToString(CultureInfo.InvariantCulture)}.");
    }

    private static Dictionary<string, string?> ProcessEnvironment()
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            result[(string)entry.Key] = entry.Value as string;
        }

        return result;
    }
}
