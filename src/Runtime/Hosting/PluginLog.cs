using System.Threading.Channels;

namespace Dify.Plugin.Hosting;

/// <summary>Where the host writes what it does: log events to the daemon (local mode) or a text writer.</summary>
internal interface IPluginLog
{
    /// <summary>Queues one line; never blocks and never throws.</summary>
    void Write(string level, string message);
}

/// <summary>
/// A log that never makes its callers wait: lines go into a bounded queue that one drain writes to the output. Sessions
/// run on pool threads, and a synchronous wait there for the shared output starved the pool under load, so writers only
/// enqueue. Log events to the daemon are drained by a task with asynchronous writes; a text writer (standard error),
/// whose writes block, is drained by a thread of its own. When the output falls behind by more than the queue holds,
/// lines are dropped and counted, and the count is logged once the output catches up.
/// </summary>
internal sealed class QueuedLog : IPluginLog, IAsyncDisposable
{
    private const int Capacity = 10_000;

    private readonly Channel<(string Level, string Message)> _lines =
        Channel.CreateBounded<(string, string)>(new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    private readonly Task _drain;
    private int _dropped;

    private QueuedLog(Func<string, string, ValueTask> output) => _drain = Task.Run(() => DrainAsync(output));

    private QueuedLog(Action<string, string> output)
    {
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => DrainOnThisThread(output, drained)) { IsBackground = true, Name = "Dify plugin log" };
        thread.Start();
        _drain = drained.Task;
    }

    /// <summary>A log to a text writer (remote mode): one line per entry with the time and level.</summary>
    public static QueuedLog ToText(TextWriter writer)
    {
        Action<string, string> output = (level, message) => writer.WriteLine($"{DateTimeOffset.Now:HH:mm:ss} {level,-7} {message}");
        return new QueuedLog(output);
    }

    /// <summary>A log to the daemon as <c>log</c> events (local mode); lines that cannot be written are dropped.</summary>
    public static QueuedLog ToDaemon(LineConnection connection)
    {
        Func<string, string, ValueTask> output = async (level, message) =>
        {
            try
            {
                await connection.WriteLineAsync(PluginMessages.Log(level, message), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException)
            {
            }
        };
        return new QueuedLog(output);
    }

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

    private async Task DrainAsync(Func<string, string, ValueTask> output)
    {
        await foreach (var (level, message) in _lines.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await output(level, message).ConfigureAwait(false);
                if (TakeDroppedNotice() is { } notice)
                {
                    await output("WARNING", notice).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException)
            {
                // A closed output has nobody left to tell.
            }
        }
    }

    private void DrainOnThisThread(Action<string, string> output, TaskCompletionSource drained)
    {
        try
        {
            // This thread exists to wait: it is not a pool thread.
            while (_lines.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                while (_lines.Reader.TryRead(out var line))
                {
                    try
                    {
                        output(line.Level, line.Message);
                        if (TakeDroppedNotice() is { } notice)
                        {
                            output("WARNING", notice);
                        }
                    }
                    catch (Exception exception) when (exception is IOException or ObjectDisposedException)
                    {
                        // A closed output has nobody left to tell.
                    }
                }
            }
        }
        finally
        {
            drained.TrySetResult();
        }
    }

    private string? TakeDroppedNotice() =>
        _lines.Reader.Count == 0 && Interlocked.Exchange(ref _dropped, 0) is var dropped and > 0
            ? $"{dropped} log lines were dropped because the log output fell behind."
            : null;
}
