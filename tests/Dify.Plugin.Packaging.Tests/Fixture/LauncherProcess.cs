using System.Diagnostics;
using Dify.Plugin.Hosting.Tests.Fixture;

namespace Dify.Plugin.Packaging.Tests.Fixture;

/// <summary>
/// An installed package started as the daemon starts it (internal/core/local_runtime/subprocess.go:20-47):
/// <c>python -m main</c> in the plugin's folder with <c>INSTALL_METHOD=local</c>, the protocol on stdin and stdout.
/// </summary>
internal sealed class LauncherProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _standardError;

    private LauncherProcess(Process process)
    {
        _process = process;
        _standardError = process.StandardError.ReadToEndAsync();
        Connection = new DaemonConnection(process.StandardOutput.BaseStream, process.StandardInput.BaseStream);
        Connection.StartLocal();
    }

    public DaemonConnection Connection { get; }

    public int Pid => _process.Id;

    public int? ExitCode { get; private set; }

    public static LauncherProcess Start(string folder)
    {
        var start = new ProcessStartInfo("python3", "-m main")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        start.Environment["INSTALL_METHOD"] = "local";
        return new LauncherProcess(Process.Start(start)!);
    }

    /// <summary>The program the launcher's pid runs now (after exec, the plugin's binary).</summary>
    public string Executable() => new FileInfo($"/proc/{_process.Id}/exe").LinkTarget ?? "";

    /// <summary>Closes stdin, waits for the exit (killing after 10 s) and returns standard error.</summary>
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
