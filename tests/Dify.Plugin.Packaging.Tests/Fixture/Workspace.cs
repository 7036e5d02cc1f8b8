using System.Diagnostics;
using Dify.Plugin.Generator.Tests.Infrastructure;
using Dify.Plugin.Package.Tests;

namespace Dify.Plugin.Packaging.Tests.Fixture;

/// <summary>
/// A copy of the repository's sources outside it (src/, the plugins a test publishes, the Directory.*.props), so that
/// publishing never touches this checkout's bin/ and obj/ while other test assemblies run from them.
/// </summary>
public sealed class Workspace : IDisposable
{
    private Workspace(string root) => Root = root;

    public string Root { get; }

    /// <summary>
    /// The one copy the publishing tests share (they run one after the other, in one collection), so that the
    /// libraries of src/ are built once for all of them; deleted when the test process ends.
    /// </summary>
    public static Workspace Shared => SharedCopy.Value;

    private static readonly Lazy<Workspace> SharedCopy = new(() =>
    {
        var workspace = Copy("samples/LlmTool", "tests/Dify.Plugin.Packaging.Tests/Plugins");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => workspace.Dispose();
        return workspace;
    });

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
            OutsideBuilds.CopyWithoutBuildOutput(RepositoryPaths.File(folder), Path.Combine(workspace.Root, folder));
        }

        return workspace;
    }

    public string File_(string relative) => Path.Combine(Root, relative);

    /// <summary>
    /// Makes a plugin's manifest list only this machine's architecture; with -p:DifyPackageArchitectures set to the
    /// same (<see cref="SingleArchitectureProperty"/>), one binary is built instead of two, which halves the time.
    /// </summary>
    public static void ListOnlyThisArchitecture(string manifest)
    {
        var text = File.ReadAllText(manifest);
        const string both = "  arch:\n    - amd64\n    - arm64\n";
        if (!text.Contains(both, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{manifest} no longer lists meta.arch amd64 and arm64 as this fixture expects.");
        }

        File.WriteAllText(manifest, text.Replace(both, $"  arch:\n    - {Toolchain.HostArchitecture}\n", StringComparison.Ordinal));
    }

    public static string SingleArchitectureProperty => $"-p:DifyPackageArchitectures={Toolchain.HostArchitecture}";

    /// <summary>Runs <c>dotnet</c> in the workspace; the exit code, the output and how long it took.</summary>
    public (int ExitCode, string Output, TimeSpan Elapsed) Dotnet(string arguments, string? workingDirectory = null)
    {
        var clock = Stopwatch.StartNew();
        var (finished, exitCode, output) = OutsideBuilds.Run(new ProcessStartInfo("dotnet", arguments) { WorkingDirectory = workingDirectory ?? Root }, TimeSpan.FromMinutes(12));
        return finished
            ? (exitCode, output, clock.Elapsed)
            : (-1, $"'dotnet {arguments}' did not finish in 12 minutes:\n{output}", clock.Elapsed);
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
