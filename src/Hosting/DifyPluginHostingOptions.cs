namespace Dify.Plugin.Hosting;

/// <summary>How the generic host runs the plugin (<c>AddDifyPlugin(registration, options =&gt; ...)</c>).</summary>
public sealed class DifyPluginHostingOptions
{
    /// <summary>
    /// The command line the plugin sees: empty to serve Dify, <c>invoke &lt;tool&gt; ...</c> to run one tool in-process.
    /// Null (the default): the process's own arguments.
    /// </summary>
    public IReadOnlyList<string>? Args { get; set; }

    /// <summary>The <c>.env</c> file; <c>.env</c> in the current directory when null.</summary>
    public string? DotEnvPath { get; set; }

    /// <summary>
    /// Adjusts the host's options before it runs: development backends for <c>invoke</c>, streams and reconnection
    /// delays for tests. Its services and settings are the container's and the configuration's.
    /// </summary>
    public Action<PluginHostOptions>? ConfigureHost { get; set; }
}
