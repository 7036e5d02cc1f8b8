using System.Text;
using Microsoft.Extensions.Logging;

namespace Dify.Plugin.Hosting;

/// <summary>
/// <c>ILogger</c> to Dify: each entry becomes a line of the running plugin host's log (<see cref="PluginHostLog"/>):
/// a <c>log</c> event the daemon shows in local mode, standard error in remote mode and for <c>invoke</c>. Entries
/// written while no host runs (start-up, shutdown) go to standard error, never to standard output, which carries the
/// protocol in local mode.
/// </summary>
[ProviderAlias("Dify")]
public sealed class DifyLoggerProvider : ILoggerProvider
{
    private readonly TextWriter _fallback;

    /// <summary>A provider whose entries outside a running host go to standard error.</summary>
    public DifyLoggerProvider()
        : this(Console.Error)
    {
    }

    /// <summary>A provider whose entries outside a running host go to <paramref name="fallback"/>.</summary>
    public DifyLoggerProvider(TextWriter fallback) => _fallback = fallback ?? throw new ArgumentNullException(nameof(fallback));

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new DifyLogger(categoryName, _fallback);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    /// <summary>The level names of Python's logging, which the SDK's log events carry.</summary>
    internal static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARNING",
        LogLevel.Error => "ERROR",
        _ => "CRITICAL",
    };

    private sealed class DifyLogger(string category, TextWriter fallback) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var text = new StringBuilder(category).Append(": ").Append(formatter(state, exception));
            if (exception is not null)
            {
                text.Append(Environment.NewLine).Append(exception);
            }

            var message = text.ToString();
            var level = LevelName(logLevel);
            if (!PluginHostLog.TryWrite(level, message))
            {
                lock (fallback)
                {
                    fallback.WriteLine($"{DateTimeOffset.Now:HH:mm:ss} {level,-7} {message}");
                }
            }
        }
    }
}
