namespace Dify.Plugin.Invocation;

/// <summary>
/// Cancels a source once a limit has passed since the last <see cref="Restart"/>:
/// what <see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/> before every frame does, without touching the
/// timer queue per frame. The timer fires once per limit and re-arms itself for the time left.
/// </summary>
internal sealed class SilenceWatch : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly long _limitMilliseconds;
    private readonly Timer _timer;
    private long _restartedAt;

    public SilenceWatch(CancellationTokenSource source, TimeSpan limit)
    {
        _source = source;
        _limitMilliseconds = (long)Math.Ceiling(limit.TotalMilliseconds);
        _restartedAt = Environment.TickCount64;
        _timer = new Timer(static state => ((SilenceWatch)state!).Check(), this, _limitMilliseconds, Timeout.Infinite);
    }

    /// <summary>Starts counting the silence again (a frame arrived, the next is awaited).</summary>
    public void Restart() => Volatile.Write(ref _restartedAt, Environment.TickCount64);

    public void Dispose() => _timer.Dispose();

    private void Check()
    {
        var quiet = Environment.TickCount64 - Volatile.Read(ref _restartedAt);
        try
        {
            if (quiet >= _limitMilliseconds)
            {
                _source.Cancel();
            }
            else
            {
                _timer.Change(_limitMilliseconds - quiet, Timeout.Infinite);
            }
        }
        catch (ObjectDisposedException)
        {
            // The invocation ended while the timer fired.
        }
    }
}
