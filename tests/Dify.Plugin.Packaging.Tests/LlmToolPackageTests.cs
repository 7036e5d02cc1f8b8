using System.Text;
using System.Text.Json.Nodes;
using Dify.Plugin.Hosting.Tests.Fixture;
using Dify.Plugin.Packaging.Tests.Fixture;
using Xunit;

namespace Dify.Plugin.Packaging.Tests;

/// <summary>samples/LlmTool published once, as a user publishes it.</summary>
public sealed class LlmToolPackage() : PublishedPlugin("samples/LlmTool/LlmTool.csproj");

/// <summary>
/// <c>dotnet publish samples/LlmTool -c Release -o dir</c>: one .difypkg that the daemon accepts at upload, installs
/// (every file 0644) and runs as <c>python -m main</c>, speaking the protocol over stdin and stdout.
/// </summary>
[Collection(PublishedPackages.Name)]
public sealed class LlmToolPackageTests(LlmToolPackage published) : IClassFixture<LlmToolPackage>
{
    private const long DaemonLimit = 52_428_800;

    [Fact]
    public void The_package_holds_files_only_within_the_daemons_limits()
    {
        var package = published.Package();
        var entries = PackageFacts.Entries(package);

        Assert.EndsWith("llm_tool-0.0.1.difypkg", published.PackagePath, StringComparison.Ordinal);
        Assert.Equal(Path.GetFullPath(published.Output), Path.GetDirectoryName(published.PackagePath));
        Assert.InRange(package.LongLength, 1, DaemonLimit);
        Assert.InRange(entries.Values.Sum(content => (long)content.Length), 1, DaemonLimit);

        // checksum.go reads every entry as a file: a directory entry would fail the upload.
        Assert.DoesNotContain(PackageFacts.EntryNames(package), name => name.EndsWith('/'));
        Assert.Equal(
            ["LlmTool-linux-amd64", "LlmTool-linux-arm64", "README.md", "_assets/icon.svg", "main.py", "manifest.yaml", "provider/llm.yaml", "requirements.txt", "tools/llm.yaml"],
            entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(File.ReadAllBytes(Path.Combine(published.Root, "samples/LlmTool/manifest.yaml")), entries["manifest.yaml"]);
        Assert.DoesNotContain(
            Encoding.UTF8.GetString(entries["requirements.txt"]).Split('\n'),
            line => line.Trim().Length > 0 && !line.TrimStart().StartsWith('#'));
    }

    [Fact]
    public void Meta_arch_lists_exactly_the_architectures_of_the_binaries_shipped()
    {
        var entries = PackageFacts.Entries(published.Package());

        var declared = PackageFacts.ManifestArchitectures(Encoding.UTF8.GetString(entries["manifest.yaml"]));

        Assert.Equal(["amd64", "arm64"], declared);
        foreach (var architecture in declared)
        {
            Assert.Equal(architecture, PackageFacts.ElfArchitecture(entries[$"LlmTool-linux-{architecture}"]));
            Assert.Contains($"\"{architecture}\":\"LlmTool-linux-{architecture}\"", Encoding.UTF8.GetString(entries["main.py"]), StringComparison.Ordinal);
        }
    }

    [NativeAotFact]
    public void The_machines_own_architecture_ships_a_native_aot_binary_and_the_other_a_trimmed_single_file()
    {
        var entries = PackageFacts.Entries(published.Package());
        var other = Toolchain.HostArchitecture == "amd64" ? "arm64" : "amd64";

        Assert.False(PackageFacts.IsSingleFileBundle(entries[$"LlmTool-linux-{Toolchain.HostArchitecture}"]), "the host's binary is a single-file bundle, not Native AOT");
        Assert.True(PackageFacts.IsSingleFileBundle(entries[$"LlmTool-linux-{other}"]), "the cross-built binary is not a single-file bundle");
        Assert.DoesNotContain("DIFY3008", published.BuildLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Installed_as_the_daemon_installs_it_the_launcher_execs_the_binary_which_heartbeats_first_and_answers_a_tool_call_with_a_streamed_llm_call()
    {
        var folder = published.Install();
        await using var plugin = LauncherProcess.Start(folder);
        var connection = plugin.Connection;

        // The instance is ready at its first heartbeat (internal/core/local_runtime/subprocess.go:224-234): before any request.
        Assert.True(SpinWait.SpinUntil(() => connection.Heartbeats >= 1, TimeSpan.FromSeconds(20)), "no heartbeat");

        // exec, not a child: the daemon stops an instance by killing the pid it started.
        Assert.Equal(Path.Combine(folder, $"LlmTool-linux-{Toolchain.HostArchitecture}"), plugin.Executable());

        var result = await connection.RequestAsync(SampleLlm("from a package"), invoke => FakeDaemonAnswers.Llm(invoke, "Packaged", " answer"));

        Assert.True(result.Ended);
        Assert.Empty(result.Errors);
        Assert.Equal("Packaged answer", result.Text);
        var invocation = Assert.Single(result.Invocations);
        Assert.Equal("from a package", UserPrompt(invocation));
        Assert.Empty(connection.ProtocolViolations);

        var standardError = await plugin.StopAsync();
        Assert.True(plugin.ExitCode == 0, standardError);
    }

    [Fact]
    public async Task A_failed_backwards_llm_call_ends_its_session_with_an_error_and_the_plugin_goes_on()
    {
        await using var plugin = LauncherProcess.Start(published.Install());
        var connection = plugin.Connection;

        var failed = await connection.RequestAsync(SampleLlm("x"), _ => FakeDaemonAnswers.Fail("permission denied, you need to enable llm access in plugin manifest"));
        var next = await connection.RequestAsync(SampleLlm("again"), invoke => FakeDaemonAnswers.Llm(invoke, "still here"));

        Assert.True(failed.Ended);
        var error = Assert.Single(failed.Errors);
        Assert.Contains("permission denied", (string?)error["message"], StringComparison.Ordinal);
        Assert.Equal("still here", next.Text);
        Assert.Empty(connection.ProtocolViolations);
    }

    [Fact]
    public async Task Concurrent_sessions_each_get_their_own_streamed_answer()
    {
        await using var plugin = LauncherProcess.Start(published.Install());
        var connection = plugin.Connection;

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(index =>
            connection.RequestAsync(SampleLlm($"question {index}"), invoke => EchoSlowly(invoke))));

        Assert.All(results, result => Assert.True(result.Ended));
        Assert.Equal(Enumerable.Range(0, 12).Select(index => $"answer to question {index}"), results.Select(result => result.Text));
        Assert.Empty(connection.ProtocolViolations);
    }

    [Fact]
    public async Task Without_a_binary_for_the_machine_the_launcher_says_so_on_stderr_and_writes_nothing_on_stdout()
    {
        var folder = published.Install();
        File.Delete(Path.Combine(folder, $"LlmTool-linux-{Toolchain.HostArchitecture}"));
        var otherFolder = published.Install();
        var launcher = Path.Combine(otherFolder, "main.py");
        File.WriteAllText(launcher, File.ReadAllText(launcher).Replace($"\"{Toolchain.HostArchitecture}\":", "\"riscv64\":", StringComparison.Ordinal));

        var missing = await RunToEnd(folder);
        var unfit = await RunToEnd(otherFolder);

        Assert.Equal((1, ""), (missing.ExitCode, missing.Output));
        Assert.Contains($"binary for linux/{Toolchain.HostArchitecture} is missing", missing.Error, StringComparison.Ordinal);
        Assert.Equal((1, ""), (unfit.ExitCode, unfit.Output));
        Assert.Contains("ships native binaries for linux/", unfit.Error, StringComparison.Ordinal);
        Assert.Contains("this machine is linux/", unfit.Error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunToEnd(string folder)
    {
        var start = new System.Diagnostics.ProcessStartInfo("python3", "-m main") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["INSTALL_METHOD"] = "local";
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (process.ExitCode, await output, await error);
    }

    internal static JsonObject SampleLlm(string prompt) => DaemonConnection.InvokeTool("llm", "llm", new JsonObject
    {
        ["prompt"] = prompt,
        ["model"] = new JsonObject { ["provider"] = "langgenius/openai/openai", ["model"] = "gpt-4o-mini", ["model_type"] = "llm", ["mode"] = "chat", ["completion_params"] = new JsonObject() },
    });

    private static string? UserPrompt(JsonObject invoke) =>
        (string?)invoke["request"]!["prompt_messages"]!.AsArray().Last(message => (string?)message!["role"] == "user")!["content"];

    private static async IAsyncEnumerable<JsonObject> EchoSlowly(JsonObject invoke)
    {
        var question = UserPrompt(invoke);
        await Task.Delay(Random.Shared.Next(0, 30));
        await foreach (var chunk in DaemonConnection.LlmAnswer("answer to ", question!))
        {
            await Task.Delay(Random.Shared.Next(0, 5));
            yield return chunk;
        }
    }
}
