using System.Collections;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Dify.Plugin.Packaging.Tests.Fixture;

/// <summary>A plugin folder on disk and <see cref="CreateDifyPackage"/> run on it outside MSBuild, its errors collected.</summary>
internal sealed class TaskRun : IDisposable
{
    public TaskRun()
    {
        Directory.CreateDirectory(Path.Combine(Folder, "provider"));
        Directory.CreateDirectory(Path.Combine(Folder, "tools"));
        Directory.CreateDirectory(Path.Combine(Folder, "_assets"));
        Write("manifest.yaml", """
            version: 0.0.1
            type: plugin
            author: someone
            name: vault_plugin
            label:
              en_US: Vault
            icon: icon.svg
            plugins:
              tools:
                - provider/vault.yaml
            meta:
              version: 0.0.1
              arch:
                - amd64
                - arm64
              runner:
                language: python
                version: "3.12"
                entrypoint: main
            """);
        Write("provider/vault.yaml", """
            identity:
              author: someone
              name: vault
              label:
                en_US: Vault
              icon: provider.svg
            tools:
              - tools/region.yaml
            """);
        Write("tools/region.yaml", "identity:\n  name: region\n");
        Write("_assets/icon.svg", "<svg/>");
        Write("_assets/provider.svg", "<svg/>");
        Write("bin/amd64", "\u007fELF amd64 binary");
        Write("bin/arm64", "\u007fELF arm64 binary");
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "dify-task-" + Guid.NewGuid().ToString("N")[..8]);

    public string Output => Path.Combine(Folder, "out");

    public List<BuildErrorEventArgs> Errors { get; } = [];

    public void Write(string relative, string content)
    {
        var path = Path.Combine(Folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>Runs the task on every file of the folder but bin/ and out/; the package written, or null.</summary>
    public string? Run(Action<CreateDifyPackage>? configure = null, params string[] architectures)
    {
        var files = Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories)
            .Where(file => Path.GetRelativePath(Folder, file).Split(Path.DirectorySeparatorChar)[0] is not ("bin" or "out"))
            .Select(file => (ITaskItem)new TaskItem(file))
            .ToArray();
        var task = new CreateDifyPackage
        {
            BuildEngine = new Engine(Errors),
            ProjectDirectory = Folder,
            Files = files,
            Binaries = (architectures.Length == 0 ? ["amd64", "arm64"] : architectures)
                .Select(arch => (ITaskItem)new TaskItem(Path.Combine(Folder, "bin", arch), new Dictionary<string, string> { ["Architecture"] = arch }))
                .ToArray(),
            BinaryName = "VaultPlugin",
            OutputDirectory = Output,
        };
        configure?.Invoke(task);
        return task.Execute() ? task.PackageFile : null;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class Engine(List<BuildErrorEventArgs> errors) : IBuildEngine
    {
        public bool ContinueOnError => false;

        public int LineNumberOfTaskNode => 0;

        public int ColumnNumberOfTaskNode => 0;

        public string ProjectFileOfTaskNode => "";

        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => false;

        public void LogCustomEvent(CustomBuildEventArgs e)
        {
        }

        public void LogErrorEvent(BuildErrorEventArgs e) => errors.Add(e);

        public void LogMessageEvent(BuildMessageEventArgs e)
        {
        }

        public void LogWarningEvent(BuildWarningEventArgs e)
        {
        }
    }
}
