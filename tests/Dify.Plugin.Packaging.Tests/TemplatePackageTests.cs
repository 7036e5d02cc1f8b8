using System.Text.Json.Nodes;
using Dify.Plugin.Generator.Tests.Infrastructure;
using Dify.Plugin.Hosting.Tests.Fixture;
using Dify.Plugin.Package.Tests;
using Dify.Plugin.Packaging.Tests.Fixture;
using Xunit;

namespace Dify.Plugin.Packaging.Tests;

/// <summary>
/// The template's plugin project as `dotnet new dify-plugin` writes it, restoring Dify.Plugin from a package packed
/// in this run (so the task is loaded from the package's build/tasks/), published as a single-file binary for this
/// machine's architecture only (<c>-p:DifyPackageNativeAot=false</c>, to keep the run short).
/// </summary>
public sealed class TemplatePackage() : PublishedPlugin(Prepare)
{
    private static readonly string Version = "0.1.0-difypkg." + Guid.NewGuid().ToString("N")[..8];

    private static (string Project, string Properties) Prepare(Workspace workspace)
    {
        var feed = Path.Combine(workspace.Root, "feed");
        foreach (var project in new[] { "src/Runtime/Dify.Plugin.csproj", "src/Hosting/Dify.Plugin.Hosting.csproj", "src/Development/Dify.Plugin.Development.csproj" })
        {
            var (exitCode, output, _) = workspace.Dotnet($"pack \"{workspace.File_(project)}\" -c Release -o \"{feed}\" -p:Version={Version}");
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"dotnet pack {project} failed:\n{output}");
            }
        }

        // Out of the workspace's Directory.*.props (central package versions): a user's folder.
        var folder = Path.Combine(workspace.Root, "user");
        OutsideBuilds.CopyWithoutBuildOutput(RepositoryPaths.File("src/Templates/content/dify-plugin/MyPlugin"), Path.Combine(folder, "MyPlugin"));
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(folder, "Directory.Packages.props"), "<Project />");
        OutsideBuilds.WriteFeedConfig(folder, feed);
        var csproj = Path.Combine(folder, "MyPlugin", "MyPlugin.csproj");
        var text = File.ReadAllText(csproj);
        if (!text.Contains("Version=\"0.1.0\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The template's project no longer references the Dify.Plugin packages at 0.1.0; update this fixture.");
        }

        File.WriteAllText(csproj, text.Replace("Version=\"0.1.0\"", $"Version=\"{Version}\"", StringComparison.Ordinal));
        Workspace.ListOnlyThisArchitecture(Path.Combine(folder, "MyPlugin", "manifest.yaml"));
        return ("user/MyPlugin/MyPlugin.csproj", $"{Workspace.SingleArchitectureProperty} -p:DifyPackageNativeAot=false");
    }

    protected override void Dispose(bool disposing)
    {
        // This run's packages, out of the machine's package cache.
        var cache = OutsideBuilds.MachinePackages();
        foreach (var id in new[] { "dify.plugin", "dify.plugin.hosting", "dify.plugin.development" })
        {
            var folder = Path.Combine(cache, id, Version.ToLowerInvariant());
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        base.Dispose(disposing);
    }
}

[Collection(PublishedPackages.Name)]
public sealed class TemplatePackageTests(TemplatePackage published) : IClassFixture<TemplatePackage>
{
    [Fact]
    public async Task The_templates_plugin_publishes_into_a_package_that_installs_and_answers()
    {
        var entries = PackageFacts.Entries(published.Package());
        Assert.Contains("main.py", entries.Keys);
        Assert.DoesNotContain(entries.Keys, name => name.EndsWith('/'));

        await using var plugin = LauncherProcess.Start(published.Install());
        var request = LlmToolPackageTests.SampleLlm("unused");
        request["provider"] = Provider(entries);
        request["tool"] = "hello";
        request["tool_parameters"] = new JsonObject { ["name"] = "Dify", ["model"] = request["tool_parameters"]!["model"]!.DeepClone() };

        var result = await plugin.Connection.RequestAsync(request, invoke => FakeDaemonAnswers.Llm(invoke, "Hello, ", "Dify!"));

        Assert.True(result.Ended);
        Assert.Empty(result.Errors);
        Assert.Equal("Hello, Dify!", result.Text);
        Assert.Contains("Greet Dify.", Assert.Single(result.Invocations).ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(plugin.Connection.ProtocolViolations);
    }

    private static string Provider(Dictionary<string, byte[]> entries)
    {
        var provider = System.Text.Encoding.UTF8.GetString(entries[entries.Keys.Single(name => name.StartsWith("provider/", StringComparison.Ordinal))]);
        var line = provider.Split('\n').First(line => line.StartsWith("  name: ", StringComparison.Ordinal));
        return line["  name: ".Length..].Trim();
    }
}
