namespace Dify.Plugin.Hosting;

/// <summary>
/// The log of the plugin host that is running: Dify's <c>log</c> events in local mode (the daemon shows them as the
/// plugin's logs), standard error (or <see cref="PluginHostOptions.Log"/>) in remote mode and for <c>invoke</c>. Logger
/// providers, such as Dify.Plugin.Hosting's for <c>ILogger</c>, write here. The host is found through the execution
/// context, so several hosts in one process (tests) each get the lines of their own tools; a line written outside any
/// host's context goes to the host started last, if one is running.
/// </summary>
public static class PluginHostLog
{
    /// <summary>The longest message kept; longer ones are cut, with their length noted.</summary>
    public const int MaxMessageLength = 8000;

    private static readonly AsyncLocal<Entry?> Current = new();
    private static Entry? s_latest;

    /// <summary>Writes one line at <paramref name="level"/> (<c>DEBUG</c>, <c>INFO</c>, <c>WARNING</c>, <c>ERROR</c>, <c>CRITICAL</c>, as Python's logging names them).</summary>
    /// <returns>False when no host is running to take it; the caller writes it elsewhere.</returns>
    /// <remarks>Never blocks: the host queues the line. Control characters are escaped, so a message cannot forge lines.</remarks>
    public static bool TryWrite(string level, string message)
    {
        ArgumentNullException.ThrowIfNull(level);
        var entry = Current.Value is { Closed: false } current ? current : s_latest is { Closed: false } latest ? latest : null;
        if (entry is null)
        {
            return false;
        }

        entry.Log.Write(level, LogText.Escape(message, MaxMessageLength));
        return true;
    }

    /// <summary>Makes <paramref name="log"/> the host log of this execution context until the result is disposed.</summary>
    internal static IDisposable Enter(IPluginLog log)
    {
        var entry = new Entry(log);
        Current.Value = entry;
        s_latest = entry;
        return entry;
    }

    private sealed class Entry(IPluginLog log) : IDisposable
    {
        public IPluginLog Log { get; } = log;

        public bool Closed { get; private set; }

        public void Dispose()
        {
            Closed = true;
            Interlocked.CompareExchange(ref s_latest, null, this);
        }
    }
}
