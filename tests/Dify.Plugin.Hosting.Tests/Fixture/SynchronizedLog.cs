using System.Text;

namespace Dify.Plugin.Hosting.Tests.Fixture;

/// <summary>A log writer that tests read while the host writes to it.</summary>
internal sealed class SynchronizedLog : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly Lock _lock = new();

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (_lock)
            {
                return _text.ToString();
            }
        }
    }

    public override void Write(char value)
    {
        lock (_lock)
        {
            _text.Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_lock)
        {
            _text.Append(value);
        }
    }

    public override Task WriteLineAsync(string? value)
    {
        lock (_lock)
        {
            _text.Append(value).Append('\n');
        }

        return Task.CompletedTask;
    }

}
