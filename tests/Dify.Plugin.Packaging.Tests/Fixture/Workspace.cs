using System.Diagnostics;
using System.Text;
using Dify.Plugin.Generator.Tests.Infrastructure;

namespace Dify.Plugin.Packaging.Tests.Fixture;

/// <summary>
/// A copy of the repository's sources outside it (src/, the plugins a test publishes, the Directory.*.props), so that
/// publishing never touches this checkout's bin/ and obj/ while other test assemblies run from them.
/// </summary>
internal sealed class Workspace : IDisposable
{
    private Workspace(string root) => Root = root;

    public string Root { get; }

    /// <summary>Copies src/ and <paramref name="folders"/> (repository-relative) into a new folder.</summary>
    public static Workspace Copy(params string[] folders)
    {
        var workspace = new Workspace(Path.Combine(Path.GetTempPath(), "dify-difypkg-" + Guid.NewGuid().ToString("N")[..8]));
        Directory.CreateDirectory(workspace.Root);
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json" })
        {
            File.Copy(RepositoryPaths.File(file), Path.Combine(workspace.Root, file));
        }

        foreach (var folder in folders.Append("src"))
        {
            CopyDirectory(RepositoryPaths.File(folder), Path.Combine(workspace.Root, folder));
        }

        return workspace;
    }

    public string File_(string relative) => Path.Combine(Root, relative);

    /// <summary>Runs <c>dotnet</c> in the workspace; the exit code, the output and how long it took.</summary>
    public (int ExitCode, string Output, TimeSpan Elapsed) Dotnet(string arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(12)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"'dotnet {arguments}' did not finish in 12 minutes:\n{output}", clock.Elapsed);
        }

        process.WaitForExit();
        return (process.ExitCode, output.ToString(), clock.Elapsed);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void CopyDirectory(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar) is var parts && (parts.Contains("bin") || parts.Contains("obj")))
            {
                continue;
            }

            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
