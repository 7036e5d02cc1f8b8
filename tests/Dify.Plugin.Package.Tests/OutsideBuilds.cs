using System.Diagnostics;
using System.Text;

namespace Dify.Plugin.Package.Tests;

/// <summary>
/// What the tests that build outside the repository share (this project's package tests and the .difypkg tests):
/// copying sources without their build output, a NuGet.config for a local feed, running a command with its output captured,
/// the machine's package cache.
/// </summary>
internal static class OutsideBuilds
{
    /// <summary>Copies every file under <paramref name="source"/> to <paramref name="destination"/>, leaving out bin/ and obj/.</summary>
    public static void CopyWithoutBuildOutput(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Contains("bin") || parts.Contains("obj"))
            {
                continue;
            }

            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>
    /// Runs <paramref name="start"/> without the SDK's banners, telemetry and reused build nodes, its standard output and
    /// error captured together; a process still running after <paramref name="timeout"/> is killed and reported as not finished.
    /// </summary>
    public static (bool Finished, int ExitCode, string Output) Run(ProcessStartInfo start, TimeSpan timeout)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (false, -1, output.ToString());
        }

        process.WaitForExit();
        return (true, process.ExitCode, output.ToString());
    }

    /// <summary>A NuGet.config in <paramref name="folder"/> that takes packages from <paramref name="feed"/> first, then nuget.org.</summary>
    public static void WriteFeedConfig(string folder, string feed) =>
        File.WriteAllText(Path.Combine(folder, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);

    /// <summary>The machine's NuGet package cache: NUGET_PACKAGES when set, else ~/.nuget/packages.</summary>
    public static string MachinePackages() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
