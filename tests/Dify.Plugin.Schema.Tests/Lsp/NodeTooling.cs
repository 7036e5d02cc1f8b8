using System.Diagnostics;
using System.Security.Cryptography;
using Dify.Plugin.Schema.Tests.Infrastructure;

namespace Dify.Plugin.Schema.Tests.Lsp;

/// <summary>
/// Node.js and npm from PATH, and yaml-language-server installed with <c>npm ci</c> from the committed package.json and
/// package-lock.json into a folder of the test output (reused while the lock file is unchanged).
/// </summary>
internal static class NodeTooling
{
    private static readonly Lazy<string?> NodePath = new(() => FindOnPath("node"));
    private static readonly Lazy<string?> NpmPath = new(() => FindOnPath("npm"));
    private static readonly Lazy<string> InstalledServer = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Why the editor tests cannot run here, or null when node and npm are on PATH.</summary>
    public static string? MissingReason => NodePath.Value is null || NpmPath.Value is null
        ? $"yaml-language-server needs Node.js and npm on PATH (found node: {NodePath.Value ?? "no"}, npm: {NpmPath.Value ?? "no"}); install Node.js 20 or later to run this test."
        : null;

    public static string Node => NodePath.Value ?? throw new InvalidOperationException(MissingReason);

    /// <summary>The server's entry script, installed on first use.</summary>
    public static string ServerScript => InstalledServer.Value;

    private static string Install()
    {
        var lockFile = Path.Combine(SchemaPaths.TestProject, "package-lock.json");
        var packageFile = Path.Combine(SchemaPaths.TestProject, "package.json");
        var hash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(packageFile).Concat(File.ReadAllBytes(lockFile)).ToArray()))[..16];
        var folder = Path.Combine(AppContext.BaseDirectory, "yaml-language-server");
        var marker = Path.Combine(folder, "installed-" + hash);
        var script = Path.Combine(folder, "node_modules", "yaml-language-server", "bin", "yaml-language-server");
        if (File.Exists(marker) && File.Exists(script))
        {
            return script;
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        File.Copy(packageFile, Path.Combine(folder, "package.json"));
        File.Copy(lockFile, Path.Combine(folder, "package-lock.json"));
        Run(NpmPath.Value!, ["ci", "--no-audit", "--no-fund", "--ignore-scripts"], folder, TimeSpan.FromMinutes(5));
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"npm ci in {folder} did not install {script}.");
        }

        File.WriteAllText(marker, "");
        return script;
    }

    private static void Run(string program, string[] arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {timeout}.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}:\n{output.Result}\n{error.Result}");
        }
    }

    private static string? FindOnPath(string name)
    {
        var extensions = OperatingSystem.IsWindows() ? new[] { ".exe", ".cmd" } : new[] { "" };
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var extension in extensions)
            {
                var candidate = Path.Combine(directory, name + extension);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
