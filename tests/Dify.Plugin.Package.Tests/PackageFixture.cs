using System.Diagnostics;
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

        OutsideBuilds.CopyWithoutBuildOutput(Path.Combine(repository, "src"), Path.Combine(sources, "src"));
        OutsideBuilds.CopyWithoutBuildOutput(Path.Combine(repository, "schemas"), Path.Combine(sources, "schemas"));
        Version = "0.1.0";
        // The machine's package cache, named without a trailing slash: packing must not depend on how NUGET_PACKAGES is spelt.
        Run("dotnet", $"pack \"{Path.Combine(sources, "src", "Runtime", "Dify.Plugin.csproj")}\" -c Release -o \"{Feed}\"", sources, isolatedPackages: false, packages: OutsideBuilds.MachinePackages().TrimEnd('/', '\\'));
        Run("dotnet", $"pack \"{Path.Combine(sources, "src", "Development", "Dify.Plugin.Development.csproj")}\" -c Release -o \"{Feed}\"", sources, isolatedPackages: false);
        Run("dotnet", $"pack \"{Path.Combine(sources, "src", "Hosting", "Dify.Plugin.Hosting.csproj")}\" -c Release -o \"{Feed}\"", sources, isolatedPackages: false);
        Run("dotnet", $"pack \"{Path.Combine(sources, "src", "Templates", "Dify.Plugin.Templates.csproj")}\" -c Release -o \"{Feed}\"", sources, isolatedPackages: false);
        OutsideBuilds.WriteFeedConfig(Root, Feed);
    }

    public string Root { get; }

    public string Feed { get; }

    public string Version { get; }

    public string PackagePath => Path.Combine(Feed, $"Dify.Plugin.{Version}.nupkg");

    public string HostingPath => Path.Combine(Feed, $"Dify.Plugin.Hosting.{Version}.nupkg");

    public string TemplatesPath => Path.Combine(Feed, $"Dify.Plugin.Templates.{Version}.nupkg");

    /// <summary>Runs a command; returns its output, or fails the test with it.</summary>
    public string Run(string fileName, string arguments, string workingDirectory, bool isolatedPackages = true, bool allowFailure = false, string? packages = null)
    {
        var start = new ProcessStartInfo(fileName, arguments) { WorkingDirectory = workingDirectory };
        if (packages is not null)
        {
            start.Environment["NUGET_PACKAGES"] = packages;
        }
        else if (isolatedPackages)
        {
            // Dify.Plugin 0.1.0 from this run's feed, never an older copy from the machine's package cache.
            start.Environment["NUGET_PACKAGES"] = Path.Combine(Root, "packages");
        }

        var (finished, exitCode, output) = OutsideBuilds.Run(start, TimeSpan.FromMinutes(8));
        if (!finished)
        {
            Assert.Fail($"'{fileName} {arguments}' did not finish in 8 minutes:\n{output}");
        }

        if (exitCode != 0 && !allowFailure)
        {
            Assert.Fail($"'{fileName} {arguments}' failed with {exitCode}:\n{output}");
        }

        return output;
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
}
