using System.IO.Compression;
using System.Text.RegularExpressions;
using Dify.Plugin.Generator.Tests.Infrastructure;
using Xunit;

namespace Dify.Plugin.Package.Tests;

/// <summary>The package the way users meet it: packed, added to a brand-new project, and the template.</summary>
public sealed class PackageTests(PackageFixture package) : IClassFixture<PackageFixture>
{
    [Fact]
    public void The_package_holds_exactly_the_expected_files()
    {
        using var archive = ZipFile.OpenRead(package.PackagePath);
        var files = archive.Entries
            .Select(entry => entry.FullName)
            .Where(name => !name.StartsWith("_rels/", StringComparison.Ordinal) && !name.StartsWith("package/", StringComparison.Ordinal) && name != "[Content_Types].xml")
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(
            [
                "Dify.Plugin.nuspec",
                "README.md",
                "analyzers/dotnet/cs/Dify.Plugin.CodeFixes.dll",
                "analyzers/dotnet/cs/Dify.Plugin.Generator.dll",
                "analyzers/dotnet/cs/YamlDotNet.dll",
                "build/Dify.Plugin.Publish.props",
                "build/Dify.Plugin.props",
                "build/Dify.Plugin.targets",
                "build/tasks/Dify.Plugin.Packaging.dll",
                "build/tasks/YamlDotNet.dll",
                "icon.png",
                "lib/net10.0/Dify.Plugin.dll",
                "lib/net10.0/Dify.Plugin.xml",
                "schemas/dify-manifest.schema.json",
                "schemas/dify-provider.schema.json",
                "schemas/dify-tool.schema.json",
            ],
            files);
    }

    [Fact]
    public void The_runtime_takes_only_the_DI_abstractions_and_the_hosting_package_brings_the_generic_host()
    {
        static string[] Dependencies(string path)
        {
            using var archive = ZipFile.OpenRead(path);
            var nuspec = archive.Entries.Single(entry => entry.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
            using var reader = new StreamReader(nuspec.Open());
            return System.Xml.Linq.XDocument.Parse(reader.ReadToEnd()).Descendants().Where(element => element.Name.LocalName == "dependency")
                .Select(element => (string)element.Attribute("id")!).Order(StringComparer.Ordinal).ToArray();
        }

        // The one-line DifyPlugin.RunAsync must not pull in the host, the container or logging.
        Assert.Equal(["Microsoft.Extensions.DependencyInjection.Abstractions"], Dependencies(package.PackagePath));
        Assert.Equal(["Dify.Plugin", "Microsoft.Extensions.Hosting"], Dependencies(package.HostingPath));
    }

    [Fact]
    public void Nothing_in_the_package_comes_from_the_build_machine()
    {
        using var archive = ZipFile.OpenRead(package.PackagePath);
        var nuspec = Read(archive, "Dify.Plugin.nuspec");
        Assert.Contains("<license type=\"expression\">Apache-2.0</license>", nuspec, StringComparison.Ordinal);
        Assert.Contains("<icon>icon.png</icon>", nuspec, StringComparison.Ordinal);
        Assert.Contains("<readme>README.md</readme>", nuspec, StringComparison.Ordinal);
        // Its one dependency, the DI abstractions, is checked by The_runtime_takes_only_the_DI_abstractions_...
        Assert.Matches("<group targetFramework=\"net10.0\">\\s*<dependency id=\"Microsoft.Extensions.DependencyInjection.Abstractions\"", nuspec);
        foreach (var name in new[] { "Dify.Plugin.nuspec", "build/Dify.Plugin.props", "build/Dify.Plugin.targets", "build/Dify.Plugin.Publish.props", "README.md" })
        {
            var text = Read(archive, name);
            Assert.DoesNotContain(package.Root, text, StringComparison.Ordinal);
            Assert.DoesNotMatch(new Regex(@"/(home|root|work|tmp)/|[A-Z]:\\"), text);
        }
    }

    [Fact]
    public void A_new_project_gets_typed_records_manifest_warnings_and_analyzer_warnings()
    {
        var project = Path.Combine(package.Root, "NewPlugin");
        package.Run("dotnet", $"new console -o \"{project}\" -n NewPlugin", package.Root);
        package.Run("dotnet", $"add package Dify.Plugin --version {package.Version}", project);
        Directory.CreateDirectory(Path.Combine(project, "tools"));
        File.WriteAllText(Path.Combine(project, "tools", "search.yaml"), """
            identity:
              name: search
              author: me
              label:
                en_US: Search
            description:
              human:
                en_US: Searches
              llm: Searches the web.
            parameters:
              - name: query
                type: string
                required: true
                form: llm
                label: {en_US: Query}
                human_description: {en_US: What to search for}
                llm_description: Key words
              - name: region
                type: select
                default: all
                form: form
                label: {en_US: Region}
                human_description: {en_US: Where}
                options:
                  - value: all
                    label: {en_US: All}
                  - value: ''
                    label: {en_US: Nowhere}
            extra:
              python:
                source: tools/search.py
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), """"
            using System.Runtime.CompilerServices;
            using Dify.Plugin;

            var parameters = NewPlugin.SearchParameters.Bind(ToolParameters.Parse("""{"query": "cats"}"""));
            Console.WriteLine($"{parameters.Query} in {NewPlugin.SearchParameters.ToWireValue(parameters.Region)}");

            namespace NewPlugin
            {
                [DifyTool("search")]
                public sealed partial class SearchTool
                {
                    public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(SearchParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
                    {
                        var config = new LLMModelConfig { Provider = "openai", Model = "gpt-4o-mini", Mode = "chat" };
                        var answer = await Session.Model.Llm.InvokeAsync(config, [new UserPromptMessage(parameters.Query)], cancellationToken: cancellationToken);
                        yield return CreateTextMessage(answer.Message.GetTextContent());
                    }
                }
            }
            """");

        var build = package.Run("dotnet", "build", project);
        var run = package.Run("dotnet", "run --no-build", project);

        Assert.Matches(new Regex(@"tools[/\\]search\.yaml\(27,16\): warning DIFY1018: "), build);
        Assert.Matches(new Regex(@"Program\.cs\(\d+,\d+\): warning DIFY2002: "), build);
        Assert.Contains("cats in all", run, StringComparison.Ordinal);
        // The schemas a manifest names by "# yaml-language-server: $schema=../obj/dify-schemas/dify-tool.schema.json".
        Assert.Equal(
            File.ReadAllText(Path.Combine(RepositoryPaths.Root, "schemas", "dify-tool.schema.json")),
            File.ReadAllText(Path.Combine(project, "obj", "dify-schemas", "dify-tool.schema.json")));
    }

    [Fact]
    public void The_template_creates_a_plugin_whose_build_is_clean_and_whose_tests_pass()
    {
        var hive = Path.Combine(package.Root, "template-hive");
        var output = Path.Combine(package.Root, "WeatherPlugin");
        package.Run("dotnet", $"new install \"{package.TemplatesPath}\" --debug:custom-hive \"{hive}\"", package.Root);
        package.Run("dotnet", $"new dify-plugin -n WeatherPlugin -o \"{output}\" --debug:custom-hive \"{hive}\"", package.Root);

        var build = package.Run("dotnet", "build", output);
        var test = package.Run("dotnet", "test --no-build", output);
        // Through the generic host (Program.cs): the hosted service runs invoke and the application exits with its code.
        var invoke = package.Run("dotnet", "run --no-build --project WeatherPlugin -- invoke hello --param name=Dify", output);
        var unknownTool = package.Run("dotnet", "run --no-build --project WeatherPlugin -- invoke nope", output, allowFailure: true);

        Assert.Matches(new Regex(@"\b0 Warning\(s\)"), build);
        // HelloTool's two tests and SummaryTool's three, whose HttpClient handler is replaced.
        Assert.Contains("Passed!  - Failed:     0, Passed:     5", test, StringComparison.Ordinal);
        Assert.Contains("\"text\":\"Dify.\"", invoke, StringComparison.Ordinal);
        Assert.Contains("its tools are: hello, summary", unknownTool, StringComparison.Ordinal);
        Assert.Contains($"Include=\"Dify.Plugin.Hosting\" Version=\"{package.Version}\"", File.ReadAllText(Path.Combine(output, "WeatherPlugin", "WeatherPlugin.csproj")), StringComparison.Ordinal);
        Assert.Contains("name: weatherplugin", File.ReadAllText(Path.Combine(output, "WeatherPlugin", "manifest.yaml")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "WeatherPlugin", "provider", "weatherplugin.yaml")));
        Assert.Contains($"Include=\"Dify.Plugin\" Version=\"{package.Version}\"", File.ReadAllText(Path.Combine(output, "WeatherPlugin", "WeatherPlugin.csproj")), StringComparison.Ordinal);
        Assert.Contains($"Include=\"Dify.Plugin.Development\" Version=\"{package.Version}\"", File.ReadAllText(Path.Combine(output, "WeatherPlugin", "WeatherPlugin.csproj")), StringComparison.Ordinal);
        Assert.Contains(".env", File.ReadAllLines(Path.Combine(output, ".gitignore")));
        var backends = package.Run("dotnet", "run --no-build --project WeatherPlugin -- invoke hello --backend nope", output, allowFailure: true);
        Assert.Contains("available: builtin, openai", backends, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_analyzer_with_an_older_YamlDotNet_in_the_same_build_does_not_break_the_generator()
    {
        // An analyzer of another vendor that ships YamlDotNet 13 and uses it when it runs (microsoft/CsWin32#221).
        var other = Path.Combine(package.Root, "OtherAnalyzer");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "OtherAnalyzer.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>netstandard2.0</TargetFramework>
                <EnforceExtendedAnalyzerRules>true</EnforceExtendedAnalyzerRules>
                <LangVersion>latest</LangVersion>
                <NoWarn>RS2008;RS1036;RS1037</NoWarn>
                <CopyLocalLockFileAssemblies>true</CopyLocalLockFileAssemblies>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.CodeAnalysis.CSharp" Version="4.14.0" PrivateAssets="all" />
                <PackageReference Include="YamlDotNet" Version="13.7.1" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(other, "YamlUsingAnalyzer.cs"), """
            using System.Collections.Generic;
            using System.Collections.Immutable;
            using Microsoft.CodeAnalysis;
            using Microsoft.CodeAnalysis.Diagnostics;

            [DiagnosticAnalyzer(LanguageNames.CSharp)]
            public sealed class YamlUsingAnalyzer : DiagnosticAnalyzer
            {
                private static readonly DiagnosticDescriptor Loaded = new("OTHER001", "Loaded", "Other analyzer ran with YamlDotNet {0}", "Other", DiagnosticSeverity.Warning, true);

                public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Loaded);

                public override void Initialize(AnalysisContext context)
                {
                    context.EnableConcurrentExecution();
                    context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                    context.RegisterCompilationAction(compilation =>
                    {
                        var values = new YamlDotNet.Serialization.Deserializer().Deserialize<Dictionary<string, string>>("answer: yes");
                        var version = typeof(YamlDotNet.Serialization.Deserializer).Assembly.GetName().Version;
                        compilation.ReportDiagnostic(Diagnostic.Create(Loaded, Location.None, $"{version} ({values["answer"]})"));
                    });
                }
            }
            """);
        package.Run("dotnet", "build -c Release", other);
        var analyzers = Path.Combine(package.Root, "ConflictPlugin", "other-analyzer");
        Directory.CreateDirectory(analyzers);
        foreach (var dll in new[] { "OtherAnalyzer.dll", "YamlDotNet.dll" })
        {
            File.Copy(Path.Combine(other, "bin", "Release", "netstandard2.0", dll), Path.Combine(analyzers, dll));
        }

        var project = Path.Combine(package.Root, "ConflictPlugin");
        package.Run("dotnet", $"new console -o \"{project}\" -n ConflictPlugin", package.Root);
        package.Run("dotnet", $"add package Dify.Plugin --version {package.Version}", project);
        var csproj = Path.Combine(project, "ConflictPlugin.csproj");
        File.WriteAllText(csproj, File.ReadAllText(csproj).Replace("</Project>", "  <ItemGroup>\n    <Analyzer Include=\"other-analyzer/*.dll\" />\n  </ItemGroup>\n</Project>", StringComparison.Ordinal));
        Directory.CreateDirectory(Path.Combine(project, "tools"));
        File.WriteAllText(Path.Combine(project, "tools", "echo.yaml"), """
            identity: {name: echo, author: me, label: {en_US: Echo}}
            description: {human: {en_US: Echo}, llm: Echoes the text.}
            parameters:
              - {name: text, type: string, required: true, form: llm, label: {en_US: Text}, human_description: {en_US: Text}, llm_description: The text}
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), "Console.WriteLine(ConflictPlugin.EchoParameters.Bind(Dify.Plugin.ToolParameters.Parse(\"{\\\"text\\\": \\\"both loaded\\\"}\")).Text);\n");

        var build = package.Run("dotnet", "build", project);
        var run = package.Run("dotnet", "run --no-build", project);

        // Both analyzers ran. The SDK resolves analyzer dependency conflicts to the highest version, so the other
        // analyzer got our YamlDotNet 16 rather than its 13; whichever version wins, the generator keeps working.
        Assert.Matches(new Regex(@"warning OTHER001: Other analyzer ran with YamlDotNet (13|16)\.0\.0\.0 \(yes\)"), build);
        Assert.DoesNotContain("DIFY1099", build, StringComparison.Ordinal);
        Assert.Contains("both loaded", run, StringComparison.Ordinal);
    }

    private static string Read(ZipArchive archive, string name)
    {
        using var reader = new StreamReader(archive.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }
}
