using System.Diagnostics;

namespace Dify.Plugin.Hosting.Tests.Fixture;

/// <summary>
/// The sample plugin started as Dify's daemon starts a local plugin: its own process, the protocol on stdin and stdout,
/// its standard error collected. Disposing closes its stdin (a local plugin exits then) and waits for it.
/// </summary>
internal sealed class LocalPluginProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _standardError;

    private LocalPluginProcess(Process process)
    {
        _process = process;
        _standardError = process.StandardError.ReadToEndAsync();
        Connection = new DaemonConnection(process.StandardOutput.BaseStream, process.StandardInput.BaseStream);
        Connection.StartLocal();
    }

    public DaemonConnection Connection { get; }

    public int? ExitCode { get; private set; }

    /// <summary>Starts <c>LlmTool.dll</c> in local mode with <paramref name="environment"/> added.</summary>
    public static LocalPluginProcess Start(params (string Name, string Value)[] environment)
    {
        var sample = Path.Combine(AppContext.BaseDirectory, "LlmTool.dll");
        var start = new ProcessStartInfo("dotnet", $"\"{sample}\"") { WorkingDirectory = Path.GetTempPath() };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return Start(start);
    }

    /// <summary>Starts <paramref name="start"/>'s program in local mode (<c>INSTALL_METHOD=local</c>), its standard streams redirected.</summary>
    public static LocalPluginProcess Start(ProcessStartInfo start)
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.Environment["INSTALL_METHOD"] = "local";
        return new LocalPluginProcess(Process.Start(start)!);
    }

    /// <summary>The program the process runs now (Linux: after an exec, the program it replaced itself with).</summary>
    public string Executable() => new FileInfo($"/proc/{_process.Id}/exe").LinkTarget ?? "";

    /// <summary>What the plugin wrote to standard error, once it has exited; a note when it is still running.</summary>
    public async Task<string> DescribeAsync() =>
        _process.HasExited ? "stderr: " + await _standardError : "the plugin is still running";

    /// <summary>Closes stdin, waits for the exit (killing the plugin after 10 s) and returns standard error.</summary>
    public async Task<string> StopAsync()
    {
        Connection.Drop();
        if (!_process.WaitForExit(10_000))
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        await Connection.DisposeAsync();

        ExitCode = _process.ExitCode;
        return await _standardError;
    }

    public async ValueTask DisposeAsync()
    {
        if (ExitCode is null)
        {
            await StopAsync();
        }

        _process.Dispose();
    }
}
