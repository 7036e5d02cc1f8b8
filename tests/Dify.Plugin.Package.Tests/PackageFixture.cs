using System.Diagnostics;
using System.Text;
using Dify.Plugin.Generator.Tests.Infrastructure;
using Xunit;

namespace Dify.Plugin.Package.Tests;

/// <summary>
/// Packs Dify.Plugin, Dify.Plugin.Development, Dify.Plugin.Hosting and Dify.Plugin.Templates once, from a copy of the sources outside the repository (so that the
/// packages hold nothing of this checkout and the test never touches its bin/ and obj/), into a local feed; every
/// project the tests create restores from that feed into its own package cache.
/// </summary>
public sealed class PackageFixture : IDisposable
{
    public PackageFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "dify-package-tests-" + Guid.NewGuid().ToString("N")[..8]);
        Feed = Path.Combine(Root, "feed");
        Directory.CreateDirectory(Feed);
        var sources = Path.Combine(Root, "src-copy");
        var repository = RepositoryPaths.Root;
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json" })
        {
            Directory.CreateDirectory(sources);
            File.Copy(Path.Combine(repository, file), Path.Combine(sources, file));
        }

        CopyDirectory(Path.Combine(repository, "src"), Path.Combine(sources, "src"));
        CopyDirectory(Path.Combine(repository, "schemas"), Path.Combine(sources, "schemas"));
        Version = "0.1.0";
        // The machine's package cache, named without a trailing slash: packing must not depend on how NUGET_PACKAGES is spelt.
        Run("dotnet", $"pack \"{Path.Combine(sources, "src", "Runtime", "Dify.Plugin.csproj")}\" -c Release -o \"{Feed}\"", sources, isolatedPackages: false, packages: MachinePackages().TrimEnd('/', '\\'));
        Run("dotnet", $"pack \"{Path.Combine(sources, "src", "Development", "Dify.Plugin.Development.csproj")}\" -c Release -o \"{Feed}\"", sources, isolatedPackages: false);
        Run("dotnet", $"pack \"{Path.Combine(sources, "src", "Hosting", "Dify.Plugin.Hosting.csproj")}\" -c Release -o \"{Feed}\"", sources, isolatedPackages: false);
        Run("dotnet", $"pack \"{Path.Combine(sources, "src", "Templates", "Dify.Plugin.Templates.csproj")}\" -c Release -o \"{Feed}\"", sources, isolatedPackages: false);
        File.WriteAllText(Path.Combine(Root, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
    }

    public string Root { get; }

    public string Feed { get; }

    public string Version { get; }

    public string PackagePath => Path.Combine(Feed, $"Dify.Plugin.{Version}.nupkg");

    public string HostingPath => Path.Combine(Feed, $"Dify.Plugin.Hosting.{Version}.nupkg");

    public string TemplatesPath => Path.Combine(Feed, $"Dify.Plugin.Templates.{Version}.nupkg");

    private static string MachinePackages() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>Runs a command; returns its output, or fails the test with it.</summary>
    public string Run(string fileName, string arguments, string workingDirectory, bool isolatedPackages = true, bool allowFailure = false, string? packages = null)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        if (packages is not null)
        {
            start.Environment["NUGET_PACKAGES"] = packages;
        }
        else if (isolatedPackages)
        {
            // Dify.Plugin 0.1.0 from this run's feed, never an older copy from the machine's package cache.
            start.Environment["NUGET_PACKAGES"] = Path.Combine(Root, "packages");
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"'{fileName} {arguments}' did not finish in 8 minutes:\n{output}");
        }

        process.WaitForExit();
        if (process.ExitCode != 0 && !allowFailure)
        {
            Assert.Fail($"'{fileName} {arguments}' failed with {process.ExitCode}:\n{output}");
        }

        return output.ToString();
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
}
