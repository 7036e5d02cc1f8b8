using System.IO.Compression;
using Xunit;

namespace Dify.Plugin.Packaging.Tests.Fixture;

/// <summary>A plugin published once into its .difypkg (by <c>dotnet publish -c Release -o</c>), shared by a test class.</summary>
[CollectionDefinition(Name)]
public sealed class PublishedPackages
{
    /// <summary>The publishing tests: one at a time, in <see cref="Workspace.Shared"/>.</summary>
    public const string Name = "Published packages";
}

public abstract class PublishedPlugin : IDisposable
{
    private readonly Workspace _workspace;
    private readonly string? _failure;

    /// <param name="project">The plugin's project, repository-relative.</param>
    /// <param name="properties">Extra -p: arguments.</param>
    protected PublishedPlugin(string project, string properties = "")
        : this(_ => (project, properties))
    {
    }

    /// <param name="prepare">Readies the shared workspace; returns the project (workspace-relative) and extra -p: arguments.</param>
    protected PublishedPlugin(Func<Workspace, (string Project, string Properties)> prepare)
    {
        _workspace = Workspace.Shared;
        var (project, properties) = prepare(_workspace);
        Output = Path.Combine(_workspace.Root, "out", Path.GetFileNameWithoutExtension(project));
        var (exitCode, log, elapsed) = _workspace.Dotnet($"publish \"{_workspace.File_(project)}\" -c Release -o \"{Output}\" {properties}");
        BuildLog = log;
        PublishTime = elapsed;
        var packages = Directory.Exists(Output) ? Directory.GetFiles(Output, "*.difypkg") : [];
        _failure = exitCode != 0 ? $"dotnet publish failed ({exitCode}):\n{log}"
            : packages.Length != 1 ? $"dotnet publish wrote {packages.Length} .difypkg files into {Output}, not one:\n{log}"
            : null;
        PackagePath = packages.FirstOrDefault() ?? "";
    }

    public string Output { get; }

    public string PackagePath { get; }

    public string BuildLog { get; }

    public TimeSpan PublishTime { get; }

    public string Root => _workspace.Root;

    public Workspace Workspace => _workspace;

    /// <summary>The package, or the test fails with the build's output.</summary>
    public byte[] Package()
    {
        Assert.True(_failure is null, _failure);
        return File.ReadAllBytes(PackagePath);
    }

    /// <summary>Extracts the package as the daemon does (decoder/zip.go:298-355): every entry a file of mode 0644.</summary>
    public string Install()
    {
        var folder = Path.Combine(_workspace.Root, "installed-" + Guid.NewGuid().ToString("N")[..8]);
        using var zip = new ZipArchive(new MemoryStream(Package()));
        foreach (var entry in zip.Entries)
        {
            var target = Path.GetFullPath(Path.Combine(folder, entry.FullName));
            Assert.StartsWith(folder, target, StringComparison.Ordinal);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using (var input = entry.Open())
            using (var output = File.Create(target))
            {
                input.CopyTo(output);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }
        }

        return folder;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
