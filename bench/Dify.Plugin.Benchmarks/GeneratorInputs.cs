using System.Text;
using Dify.Plugin;
using Dify.Plugin.Generator;
using Dify.Plugin.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Dify.Plugin.Benchmarks;

/// <summary>What the generator benchmarks feed it: manifests as AdditionalFiles, MSBuild options and a trivial compilation.</summary>
internal static class GeneratorInputs
{
    public static CSharpCompilation EmptyCompilation() =>
        CSharpCompilation.Create("Bench", [CSharpSyntaxTree.ParseText("class C { }")],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)], new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    /// <summary>
    /// A plugin project as its author has it: one file per tool, each with the class its manifest names and the
    /// <c>InvokeAsync</c> the generator wires, compiled against the runtime (so that <c>[DifyTool]</c> binds).
    /// </summary>
    public static CSharpCompilation PluginCompilation(IEnumerable<(string Name, string ClassName, string RecordName)> tools)
    {
        var trees = tools.Select(tool => CSharpSyntaxTree.ParseText(
            $$"""
            using System.Collections.Generic;
            using System.Threading;
            using Dify.Plugin;

            namespace Bench;

            [DifyTool("{{tool.Name}}")]
            public sealed partial class {{tool.ClassName}}
            {
                public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync({{tool.RecordName}} parameters, CancellationToken cancellationToken)
                {
                    yield return CreateTextMessage(cancellationToken.IsCancellationRequested ? "" : "done");
                }
            }
            """,
            path: $"{tool.ClassName}.cs"));
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(Tool).Assembly.Location)
            .Select(path => MetadataReference.CreateFromFile(path));
        return CSharpCompilation.Create("Bench", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
    }

    /// <summary>The project of a plugin whose tool manifests are <paramref name="toolManifests"/>, a class for each tool.</summary>
    public static CSharpCompilation PluginCompilation(IEnumerable<AdditionalText> toolManifests) =>
        PluginCompilation(toolManifests
            .Select(file => ToolManifestParser.Parse(file.Path, file.Path, file.GetText()!.ToString(), CancellationToken.None).Value!)
            .Select(tool => (tool.Name, tool.ClassName, tool.RecordName)));

    /// <summary>
    /// A tool manifest's text after a one-manifest edit: "Edited. " before its LLM description, or a comment at its end
    /// when it has none or the edited text would no longer read as a tool.
    /// </summary>
    public static string Edit(string path, string text)
    {
        var edited = text.Replace("llm: ", "llm: Edited. ", StringComparison.Ordinal);
        return text.Contains("llm: ", StringComparison.Ordinal) && ToolManifestParser.Parse(path, path, edited, CancellationToken.None).Value is not null
            ? edited
            : text + "\n# edited\n";
    }

    /// <param name="files">The manifests.</param>
    /// <param name="generator">The generator; ours by default.</param>
    /// <param name="reportsDiagnostics">
    /// Whether the generator reports its diagnostics itself, as in a build without analyzers (the most it ever does, and
    /// what the figures in docs/performance.md measured before GeneratorDiagnosticsAnalyzer took the reporting over); false
    /// is every build with analyzers, the IDE included.
    /// </param>
    public static GeneratorDriver Driver(IEnumerable<AdditionalText> files, IIncrementalGenerator? generator = null, bool reportsDiagnostics = true) =>
        CSharpGeneratorDriver.Create([(generator ?? new DifyToolGenerator()).AsSourceGenerator()], files, new CSharpParseOptions(), new Options(reportsDiagnostics));

    public static AdditionalText Manifest(string path, string text) => new Text(path, text);

    /// <summary>A file read when first asked for its text, and kept, as the compiler's additional files are.</summary>
    public static AdditionalText FromDisk(string path) => new DiskText(path);

    private sealed class DiskText(string path) : AdditionalText
    {
        private SourceText? _text;

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default)
        {
            if (_text is null)
            {
                using var stream = File.OpenRead(Path);
                _text = SourceText.From(stream, Encoding.UTF8);
            }

            return _text;
        }
    }

    private sealed class Text(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text, Encoding.UTF8);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class Options(bool reportsDiagnostics) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(reportsDiagnostics);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => GlobalOptions;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => GlobalOptions;

        private sealed class Values(bool reportsDiagnostics) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value)
            {
                value = key switch
                {
                    "build_property.RootNamespace" => "Bench",
                    "build_property.DifyPluginGeneratorDiagnostics" => reportsDiagnostics ? "true" : "",
                    _ => "",
                };
                return value.Length > 0;
            }
        }
    }
}
