using System.Text;

namespace Dify.Plugin.Hosting;

/// <summary>
/// Keeps <see cref="Console.Out"/> off the protocol in local mode, where standard output carries the daemon's frames:
/// what a tool writes with <c>Console.Write*</c> becomes log events of the host it runs in, one per line. The host is
/// found through the execution context, so several hosts in one process (tests) each get their own tools' lines;
/// a write with no host in its context goes to the process's local-mode log when the host owns the real console,
/// and to the original console otherwise.
/// </summary>
internal sealed class ConsoleToLog : TextWriter
{
    private const int MaxLineLength = 4000;

    private static readonly AsyncLocal<LineBuffer?> CurrentHost = new();
    private static readonly Lock InstallLock = new();
    private static ConsoleToLog? s_installed;
    private static LineBuffer? s_consoleOwner;

    private readonly TextWriter _original;

    private ConsoleToLog(TextWriter original) => _original = original;

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>
    /// Sends the console lines written in this execution context (and the tasks it starts) to <paramref name="log"/>
    /// until the result is disposed. <paramref name="ownsConsole"/>: the host's protocol is the real standard output,
    /// so writes from outside any host go to this log too.
    /// </summary>
    public static IDisposable Route(IPluginLog log, bool ownsConsole)
    {
        lock (InstallLock)
        {
            if (s_installed is null)
            {
                s_installed = new ConsoleToLog(Console.Out);
                Console.SetOut(s_installed);
            }
        }

        var buffer = new LineBuffer(log);
        CurrentHost.Value = buffer;
        if (ownsConsole)
        {
            s_consoleOwner = buffer;
        }

        return new Registration(buffer);
    }

    public override void Write(char value)
    {
        if (Target() is { } buffer)
        {
            buffer.Append(value);
        }
        else
        {
            _original.Write(value);
        }
    }

    public override void Write(string? value)
    {
        if (Target() is { } buffer)
        {
            foreach (var character in value ?? "")
            {
                buffer.Append(character);
            }
        }
        else
        {
            _original.Write(value);
        }
    }

    public override void Flush()
    {
        if (Target() is null)
        {
            _original.Flush();
        }
    }

    private static LineBuffer? Target() => CurrentHost.Value is { Closed: false } current ? current : s_consoleOwner is { Closed: false } owner ? owner : null;

    /// <summary>The unfinished line of one host's console output. <see cref="Console.SetOut"/> synchronizes the writer, so one writer at a time.</summary>
    private sealed class LineBuffer(IPluginLog log)
    {
        private readonly StringBuilder _line = new();

        public bool Closed { get; set; }

        public void Append(char character)
        {
            lock (_line)
            {
                if (character == '\n')
                {
                    Emit();
                }
                else if (character != '\r')
                {
                    _line.Append(character);
                }
            }
        }

        public void Emit()
        {
            lock (_line)
            {
                if (_line.Length > 0)
                {
                    log.Write("INFO", "Console: " + LogText.Escape(_line.ToString(), MaxLineLength));
                    _line.Clear();
                }
            }
        }
    }

    private sealed class Registration(LineBuffer buffer) : IDisposable
    {
        public void Dispose()
        {
            lock (InstallLock)
            {
                buffer.Emit();
                buffer.Closed = true;
                if (ReferenceEquals(s_consoleOwner, buffer))
                {
                    s_consoleOwner = null;
                }
            }
        }
    }
}
