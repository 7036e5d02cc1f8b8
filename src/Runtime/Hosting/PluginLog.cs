using System.Threading.Channels;

namespace Dify.Plugin.Hosting;

/// <summary>Where the host writes what it does: log events to the daemon (local mode) or a text writer.</summary>
internal interface IPluginLog
{
    /// <summary>Queues one line; never blocks and never throws.</summary>
    void Write(string level, string message);
}

/// <summary>
/// A log that never makes its callers wait: lines go into a bounded queue that one task drains to the output (log
/// events on the daemon's connection, or a text writer). Sessions run on pool threads, and a synchronous wait there
/// for the shared output starved the pool under load, so writers only enqueue. When the output falls behind by more
/// than the queue holds, lines are dropped and counted, and the count is logged once the output catches up.
/// </summary>
internal sealed class QueuedLog : IPluginLog, IAsyncDisposable
{
    private const int Capacity = 10_000;

    private readonly Channel<(string Level, string Message)> _lines =
        Channel.CreateBounded<(string, string)>(new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    private readonly Func<string, string, ValueTask> _output;
    private readonly Task _drain;
    private int _dropped;

    /// <summary>Starts draining to <paramref name="output"/>, which is called by one task at a time.</summary>
    public QueuedLog(Func<string, string, ValueTask> output)
    {
        _output = output;
        _drain = Task.Run(DrainAsync);
    }

    /// <summary>A log to a text writer (remote mode): one line per entry with the time and level.</summary>
    public static QueuedLog ToText(TextWriter writer) =>
        new((level, message) => new ValueTask(writer.WriteLineAsync($"{DateTimeOffset.Now:HH:mm:ss} {level,-7} {message}")));

    /// <summary>A log to the daemon as <c>log</c> events (local mode); lines that cannot be written are dropped.</summary>
    public static QueuedLog ToDaemon(LineConnection connection) =>
        new(async (level, message) =>
        {
            try
            {
                await connection.WriteLineAsync(PluginMessages.Log(level, message), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException)
            {
            }
        });

    public void Write(string level, string message)
    {
        if (!_lines.Writer.TryWrite((level, message)))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Writes what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _lines.Writer.TryComplete();
        await _drain.ConfigureAwait(false);
    }

    private async Task DrainAsync()
    {
        await foreach (var (level, message) in _lines.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            await WriteSafelyAsync(level, message).ConfigureAwait(false);
            if (_lines.Reader.Count == 0 && Interlocked.Exchange(ref _dropped, 0) is var dropped and > 0)
            {
                await WriteSafelyAsync("WARNING", $"{dropped} log lines were dropped because the log output fell behind.").ConfigureAwait(false);
            }
        }
    }

    private async ValueTask WriteSafelyAsync(string level, string message)
    {
        try
        {
            await _output(level, message).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException)
        {
            // A closed output has nobody left to tell.
        }
    }
}
