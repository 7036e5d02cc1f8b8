using System.Diagnostics;
using System.Text.RegularExpressions;
using Dify.Plugin.Generator.Tests.Infrastructure;
using Xunit;

namespace Dify.Plugin.Analyzers.Tests;

/// <summary>
/// The command-line build of <c>samples/LlmTool.Mistakes</c> (the seed's example with its mistakes) prints each
/// warning with its file, line and column.
/// </summary>
public sealed class BuildOutputTests
{
    private static readonly Regex Warning = new(@"^(?<file>[^\s(][^(]*)\((?<line>\d+),(?<column>\d+)\): warning (?<id>DIFY\d{4}): ", RegexOptions.Multiline);

    [Fact]
    public void The_mistaken_seed_example_shows_each_warning_at_its_place()
    {
        var project = RepositoryPaths.File("samples/LlmTool.Mistakes/LlmTool.Mistakes.csproj");
        var output = BuildSucceeding($"build \"{project}\" --no-dependencies --no-incremental --nologo -clp:NoSummary -p:TreatWarningsAsErrors=false");

        var warnings = Warning.Matches(output)
            .Select(match => (File: Path.GetFileName(match.Groups["file"].Value.Trim()), Line: int.Parse(match.Groups["line"].Value), Column: int.Parse(match.Groups["column"].Value), Id: match.Groups["id"].Value))
            .Distinct()
            .OrderBy(warning => warning.Line)
            .ToArray();
        Assert.Equal(
            [
                // The seed's class derives from Tool without [DifyTool]: Dify would list a tool the plugin cannot run.
                // DIFY1041 is a warning so that a command-line build shows it (issue 11); as an Info it never did.
                ("llm.yaml", 2, 9, "DIFY1041"),
                ("LlmTool.cs", 13, 26, "DIFY2002"),
                ("LlmTool.cs", 17, 60, "DIFY2003"),
                ("LlmTool.cs", 29, 13, "DIFY2001"),
            ],
            warnings);
    }

    private static readonly Regex Diagnostic = new(@"^(?<file>[^\s(][^(]*)\((?<line>\d+),(?<column>\d+)\): (?<severity>warning|error) (?<id>DIFY\d{4}): ", RegexOptions.Multiline);

    /// <summary>
    /// The manifests' and tool classes' diagnostics come from the analyzer when analyzers run and from the generator when
    /// they do not: either way each problem is printed once, and a manifest error fails the build.
    /// </summary>
    [Theory]
    [InlineData("")]
    [InlineData("-p:RunAnalyzers=false")]
    [InlineData("-p:RunAnalyzersDuringBuild=false")]
    public void Each_generator_rule_problem_is_printed_once_and_errors_fail_the_build(string analyzers)
    {
        var project = RepositoryPaths.File("tests/Fixtures/ManifestMistakes/ManifestMistakes.csproj");
        var (exitCode, output) = Build($"build \"{project}\" --no-dependencies --no-incremental --nologo -tl:off {analyzers}");

        // What the compiler printed, without MSBuild's closing summary, which lists every warning and error again.
        var summary = Regex.Match(output, "^Build (FAILED|succeeded)", RegexOptions.Multiline);
        var compilerOutput = summary.Success ? output[..summary.Index] : output;
        var diagnostics = Diagnostic.Matches(compilerOutput)
            .Select(match => $"{Path.GetFileName(match.Groups["file"].Value.Trim())}({match.Groups["line"].Value},{match.Groups["column"].Value}): {match.Groups["severity"].Value} {match.Groups["id"].Value}")
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(
            [
                "EchoTool.cs(6,2): error DIFY2102",
                "broken.yaml(4,1): error DIFY1001",
                "echo.yaml(12,11): warning DIFY1006",
            ],
            diagnostics);
        Assert.NotEqual(0, exitCode);
    }

    private static (int ExitCode, string Output) Build(string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.Root,
        })!;
        var standardError = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "the build did not finish in 5 minutes");
        return (process.ExitCode, output + standardError.Result);
    }

    private static string BuildSucceeding(string arguments)
    {
        var (exitCode, output) = Build(arguments);
        Assert.True(exitCode == 0, $"the build failed ({exitCode}):\n{output}");
        return output;
    }
}
