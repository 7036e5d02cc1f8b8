using Dify.Plugin.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Dify.Plugin.Generator.Tests;

/// <summary>
/// Manifests and classes written by an attacker or an unlucky user (the probes of issue 9, with their inputs): no
/// manifest text becomes code, no file costs more than its limits, and every shape the generator cannot wire gets one
/// DIFY diagnostic instead of a CS error in generated code.
/// </summary>
public sealed class HostileInputTests
{
    private const string Usings = "using System.Collections.Generic; using System.Runtime.CompilerServices; using System.Threading; using Dify.Plugin; namespace MyPlugin;\n";

    private const string ValidInvoke = "public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(LlmParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken) { await System.Threading.Tasks.Task.Yield(); yield break; }";

    private static readonly (string, string)[] Plugin =
    [
        ("manifest.yaml", SnapshotTests.RepositoryFile("samples/LlmTool/manifest.yaml")),
        ("provider/llm.yaml", SnapshotTests.RepositoryFile("samples/LlmTool/provider/llm.yaml")),
        ("tools/llm.yaml", SnapshotTests.RepositoryFile("samples/LlmTool/tools/llm.yaml")),
    ];

    /// <summary>C# ends a line at each of these (ECMA-334 6.3.2), written as YAML double-quoted escapes.</summary>
    public static TheoryData<string, string> LineTerminators => new()
    {
        { "CR", "\\r" },
        { "LF", "\\n" },
        { "CRLF", "\\r\\n" },
        { "NEL U+0085", "\\N" },
        { "LINE SEPARATOR U+2028", "\\L" },
        { "PARAGRAPH SEPARATOR U+2029", "\\P" },
    };

    [Theory]
    [MemberData(nameof(LineTerminators))]
    public void No_line_terminator_in_any_manifest_text_turns_it_into_code(string terminator, string escape)
    {
        var manifest = HostileManifests.LineTerminatorPayload(escape);

        var run = GeneratorHarness.Run([($"tools/sized{escape.Replace("\\", "", StringComparison.Ordinal)}.yaml", manifest)]);

        Assert.Contains(run.Sources, source => source.HintName.StartsWith("SizedParameters", StringComparison.Ordinal));
        AssertNoInjection(run, terminator);
    }

    [Fact]
    public void Every_character_survives_a_string_literal_and_stays_on_one_line()
    {
        // Every UTF-16 code unit below U+3000 and the specials, lone surrogates both ways round, and a valid pair.
        var text = new string(Enumerable.Range(0, 0x3000).Select(code => (char)code).ToArray()) + "\uD800x\uDC00\uD83D\uDE00\uFEFF\uFFFF";

        var literal = Helpers.CSharpLiterals.String(text);

        Assert.True(literal.IndexOfAny(['\r', '\n', '\u0085', '\u2028', '\u2029']) < 0, "a line terminator is left raw");
        var tree = CSharpSyntaxTree.ParseText($"class C {{ const string S = {literal}; }}");
        var compilation = GeneratorHarness.CreateCompilation([]).AddSyntaxTrees(tree);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var field = (IFieldSymbol)compilation.GetTypeByMetadataName("C")!.GetMembers("S").Single();
        Assert.Equal(text, (string)field.ConstantValue!);
    }

    [Theory]
    [InlineData("\u2028")]
    [InlineData("\u2029")]
    [InlineData("\u0085")]
    [InlineData("\r")]
    public void A_manifest_path_with_a_line_terminator_stays_in_its_comment(string terminator)
    {
        var path = $"tools/x{terminator}{HostileManifests.InjectedCode}.yaml";

        var run = GeneratorHarness.Run([(path, SnapshotTests.RepositoryFile("samples/LlmTool/tools/llm.yaml"))]);

        Assert.NotEmpty(run.Sources);
        AssertNoInjection(run, $"U+{(int)terminator[0]:X4}");
    }

    [Fact]
    public void A_key_repeated_4000_times_gets_100_diagnostics_and_one_count_of_the_rest()
    {
        // The probe: 4,000 copies (28 KB) made 8,002,001 DIFY1029 diagnostics, each copy reported against every earlier one.
        var manifest = HostileManifests.RepeatedKey(4_000);

        var run = GeneratorHarness.Run([("tools/llm.yaml", manifest)]);

        var duplicates = run.GeneratorDiagnostics.Where(d => d.Id == "DIFY1029").ToArray();
        Assert.Equal(100, duplicates.Length);
        Assert.All(duplicates, d => Assert.Contains("(first at line 17)", d.GetMessage(), StringComparison.Ordinal));
        var rest = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFY1032");
        // 4,000 added to the one already there: 4,000 duplicates, 100 shown.
        Assert.Equal("3,900 more DIFY1029 diagnostics in tools/llm.yaml are not shown (at most 100 of a rule per file); fix the ones shown and build again", rest.GetMessage());
        Assert.Contains(run.Sources, source => source.HintName.StartsWith("LlmParameters", StringComparison.Ordinal));
    }

    [Fact]
    public void Defaults_aliasing_a_nested_alias_tree_stop_at_the_expansion_limit()
    {
        // The probe: 100 parameters whose default aliases a tree of aliases (18 KB) produced 100 MB of C#.
        var manifest = HostileManifests.AliasTreeDefaults(100);

        var run = GeneratorHarness.Run([("tools/bomb.yaml", manifest)]);

        var limit = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFY1031");
        Assert.Contains("its aliases expand it to more than 100,000 keys and values", limit.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(DiagnosticSeverity.Error, limit.Severity);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void An_alias_inside_its_own_anchor_is_reported_not_followed()
    {
        const string manifest = "identity: &self {name: loop, author: a, label: {en_US: L}, again: *self}\n";

        var run = GeneratorHarness.Run([("tools/loop.yaml", manifest)]);

        Assert.Contains("refers to a node that contains it", Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFY1031").GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_hundred_thousand_unique_keys_stop_at_the_node_limit()
    {
        // The probe: 100k unique keys (1 MB) took 125 s; duplicate checks were quadratic.
        var manifest = HostileManifests.UniqueKeys(100_000);

        var run = GeneratorHarness.Run([("tools/llm.yaml", manifest)]);

        Assert.Contains("more than", Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFY1031").GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Forty_thousand_unique_keys_under_the_limit_are_all_read_and_reported_within_the_per_rule_cap()
    {
        var manifest = HostileManifests.UniqueKeys(40_000);

        var run = GeneratorHarness.Run([("tools/llm.yaml", manifest)]);

        Assert.Equal(100, run.GeneratorDiagnostics.Count(d => d.Id == "DIFY1024"));
        Assert.StartsWith("39,900 more DIFY1024", Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFY1032").GetMessage(), StringComparison.Ordinal);
        Assert.Contains(run.Sources, source => source.HintName.StartsWith("LlmParameters", StringComparison.Ordinal));
    }

    [Fact]
    public void A_50_MB_description_is_refused_before_it_is_parsed()
    {
        var manifest = HostileManifests.HugeDescription(50 * 1024 * 1024);

        var run = GeneratorHarness.Run([("tools/big.yaml", manifest)]);

        var limit = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFY1031");
        Assert.Contains($"it has {manifest.Length:N0} characters, more than the 1,048,576 a manifest may have", limit.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void A_huge_value_is_quoted_short_in_its_diagnostic()
    {
        var manifest = SnapshotTests.RepositoryFile("samples/LlmTool/tools/llm.yaml").Replace("    type: string\n", "    type: " + new string('k', 500_000) + "\n", StringComparison.Ordinal);

        var run = GeneratorHarness.Run([("tools/llm.yaml", manifest)]);

        var unknown = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "DIFY1006");
        Assert.True(unknown.GetMessage().Length < 400, unknown.GetMessage().Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_tool_named_underscore_gets_the_same_record_name_on_every_run()
    {
        var manifest = SnapshotTests.RepositoryFile("samples/LlmTool/tools/llm.yaml").Replace("  name: llm\n", "  name: _\n", StringComparison.Ordinal);

        var run = GeneratorHarness.Run([("tools/underscore.yaml", manifest)]);

        // FNV-1a 32 of "_" (0x5F): (2166136261 ^ 0x5F) * 16777619 mod 2^32 = 0xda0c196e, worked out by hand.
        Assert.Contains(run.Sources, source => source.Source.Contains("public sealed partial record Toolda0c196eParameters", StringComparison.Ordinal));
        Assert.Empty(run.CompilationProblems);
    }

    [Theory]
    [InlineData("MY_PARAM", "MyParam")]
    [InlineData("HTTPServer", "HttpServer")]
    [InlineData("max_results", "MaxResults")]
    [InlineData("zh-CN", "ZhCn")]
    [InlineData("clone", "CloneValue")]
    public void Parameter_names_become_readable_property_names(string name, string property)
    {
        var manifest = SnapshotTests.RepositoryFile("samples/LlmTool/tools/llm.yaml").Replace("  - name: prompt\n", $"  - name: {name}\n", StringComparison.Ordinal);

        var run = GeneratorHarness.Run([("tools/llm.yaml", manifest)]);

        Assert.Contains(run.Sources, source => source.Source.Contains($"public required string {property} {{ get; init; }}", StringComparison.Ordinal));
        Assert.Empty(run.CompilationProblems);
    }

    [Theory]
    [InlineData("搜索Tool", "翻译Tool")]
    [InlineData("Té", "T_")]
    public void Tool_classes_whose_names_lose_the_same_characters_are_both_wired(string first, string second)
    {
        var other = SnapshotTests.RepositoryFile("samples/LlmTool/tools/llm.yaml").Replace("  name: llm\n", "  name: other\n", StringComparison.Ordinal);
        var otherInvoke = ValidInvoke.Replace("LlmParameters", "OtherParameters", StringComparison.Ordinal);

        var run = GeneratorHarness.Run(
            [("tools/llm.yaml", SnapshotTests.RepositoryFile("samples/LlmTool/tools/llm.yaml")), ("tools/other.yaml", other)],
            [Usings + $"[DifyTool(\"llm\")] public partial class {first} {{ {ValidInvoke} }} [DifyTool(\"other\")] public partial class {second} {{ {otherInvoke} }}"]);

        Assert.Null(run.Result.Results.Single().Exception);
        var wiring = Assert.Single(run.Sources, source => source.HintName == "DifyPlugin.Tools.g.cs").Source;
        Assert.Contains($"partial class {first} : global::Dify.Plugin.Tool", wiring, StringComparison.Ordinal);
        Assert.Contains($"partial class {second} : global::Dify.Plugin.Tool", wiring, StringComparison.Ordinal);
        Assert.Empty(run.CompilationProblems);
    }

    public static TheoryData<string, string, string> UnwirableShapes => new()
    {
        { "generic", $"[DifyTool(\"llm\")] public partial class LlmTool<T> {{ {ValidInvoke} }}", "is generic" },
        { "abstract", $"[DifyTool(\"llm\")] public abstract partial class LlmTool {{ {ValidInvoke} }}", "is abstract" },
        { "static", "[DifyTool(\"llm\")] public static partial class LlmTool { }", "is static" },
        { "file", $"[DifyTool(\"llm\")] file partial class LlmTool {{ {ValidInvoke} }}", "is file-local" },
        { "two constructors", $"[DifyTool(\"llm\")] public partial class LlmTool {{ public LlmTool() {{ }} public LlmTool(string key) {{ }} {ValidInvoke} }}", "cannot tell which one to call" },
        { "two marked constructors", $"[DifyTool(\"llm\")] public partial class LlmTool {{ [Microsoft.Extensions.DependencyInjection.ActivatorUtilitiesConstructor] public LlmTool() {{ }} [Microsoft.Extensions.DependencyInjection.ActivatorUtilitiesConstructor] public LlmTool(string key) {{ }} {ValidInvoke} }}", "marks 2 constructors" },
        { "ref constructor parameter", $"[DifyTool(\"llm\")] public partial class LlmTool {{ public LlmTool(ref int count) {{ }} {ValidInvoke} }}", "constructor parameter 'count' that is passed by ref" },
        { "span constructor parameter", $"[DifyTool(\"llm\")] public partial class LlmTool {{ public LlmTool(System.Span<byte> bytes) {{ }} {ValidInvoke} }}", "a type a service container cannot hold" },
        { "dynamic constructor parameter", $"[DifyTool(\"llm\")] public partial class LlmTool {{ public LlmTool(dynamic value) {{ }} {ValidInvoke} }}", "is 'dynamic'" },
        { "provider with two constructors", $"[DifyToolProvider(\"llm\")] public class LlmProvider : ToolProvider {{ public LlmProvider() {{ }} public LlmProvider(int a) {{ }} public override System.Threading.Tasks.ValueTask ValidateCredentialsAsync(ToolCredentials c, CancellationToken t) => default; }} [DifyTool(\"llm\")] public partial class LlmTool {{ {ValidInvoke} }}", "cannot tell which one to call" },
        { "private constructor", $"[DifyTool(\"llm\")] public partial class LlmTool {{ private LlmTool() {{ }} {ValidInvoke} }}", "no public or internal constructor" },
        { "private nested", $"public partial class Outer {{ [DifyTool(\"llm\")] private partial class LlmTool {{ {ValidInvoke} }} }}", "because it is private" },
        { "inside a protected type", $"public partial class Outer {{ protected partial class Middle {{ [DifyTool(\"llm\")] public partial class LlmTool {{ {ValidInvoke} }} }} }}", "its containing type 'Middle' is protected" },
        { "inside a generic type", $"public partial class Outer<T> {{ [DifyTool(\"llm\")] public partial class LlmTool {{ {ValidInvoke} }} }}", "nested in the generic type 'Outer'" },
        { "inside a type that is not partial", $"public class Outer {{ [DifyTool(\"llm\")] public partial class LlmTool {{ {ValidInvoke} }} }}", "which is not partial" },
    };

    [Theory]
    [MemberData(nameof(UnwirableShapes))]
    public void Each_tool_class_shape_the_plugin_cannot_create_gets_DIFY2106_and_no_generated_error(string shape, string source, string reason)
    {
        var run = GeneratorHarness.Run(Plugin, [Usings + source]);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("DIFY2106", diagnostic.Id);
        Assert.Contains(reason, diagnostic.GetMessage(), StringComparison.Ordinal);
        AssertNoErrorInGeneratedCode(run, shape);
    }

    public static TheoryData<string, string, string> OtherMistakes => new()
    {
        { "wrong element type", "[DifyTool(\"llm\")] public partial class LlmTool { public async IAsyncEnumerable<string> InvokeAsync(LlmParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken) { await System.Threading.Tasks.Task.Yield(); yield break; } }", "DIFY2103" },
        { "ref parameter", "[DifyTool(\"llm\")] public partial class LlmTool { public IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(LlmParameters parameters, ref CancellationToken cancellationToken) => null!; }", "DIFY2103" },
        { "user Descriptor", $"[DifyTool(\"llm\")] public partial class LlmTool {{ public static string Descriptor => \"mine\"; {ValidInvoke} }}", "DIFY2107" },
        { "user InvokeCoreAsync", $"[DifyTool(\"llm\")] public partial class LlmTool {{ public void InvokeCoreAsync() {{ }} {ValidInvoke} }}", "DIFY2107" },
        { "user class named like the record", $"public class LlmParameters {{ }} [DifyTool(\"llm\")] public partial class LlmTool {{ public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(Other parameters, [EnumeratorCancellation] CancellationToken cancellationToken) {{ await System.Threading.Tasks.Task.Yield(); yield break; }} }} public class Other {{ }}", "DIFY2108" },
        { "user class named like the record, no tool class", "public class LlmParameters { }", "DIFY2108" },
        { "static class", "[DifyTool(\"llm\")] public static partial class LlmTool { }", "DIFY2106" },
        { "provider not deriving from ToolProvider", $"[DifyToolProvider(\"llm\")] public partial class LlmProvider {{ }} [DifyTool(\"llm\")] public partial class LlmTool {{ {ValidInvoke} }}", "DIFY2106" },
        { "abstract provider", $"[DifyToolProvider(\"llm\")] public abstract class LlmProvider : ToolProvider {{ }} [DifyTool(\"llm\")] public partial class LlmTool {{ {ValidInvoke} }}", "DIFY2106" },
    };

    [Theory]
    [MemberData(nameof(OtherMistakes))]
    public void Other_tool_class_mistakes_get_one_diagnostic_and_no_generated_error(string mistake, string source, string id)
    {
        var run = GeneratorHarness.Run(Plugin, [Usings + source]);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(id, diagnostic.Id);
        AssertNoErrorInGeneratedCode(run, mistake);
    }

    [Theory]
    [InlineData("keyword class name", "[DifyTool(\"llm\")] public partial class @event { " + ValidInvoke + " }")]
    [InlineData("keyword namespace part", "[DifyTool(\"llm\")] public partial class LlmTool { " + ValidInvoke + " }")]
    [InlineData("partial record extending the generated one", "public sealed partial record LlmParameters { public bool HasPrompt => Prompt.Length > 0; } [DifyTool(\"llm\")] public partial class LlmTool { " + ValidInvoke + " }")]
    [InlineData("constructor with optional arguments", "[DifyTool(\"llm\")] public partial class LlmTool { public LlmTool(int retries = 3) { } " + ValidInvoke + " }")]
    public void Unusual_but_valid_tool_classes_are_wired(string shape, string source)
    {
        var code = shape == "keyword namespace part" ? Usings.Replace("namespace MyPlugin;", "namespace MyPlugin.@class;", StringComparison.Ordinal) + "using MyPlugin;\n" + source : Usings + source;

        var run = GeneratorHarness.Run(Plugin, [code]);

        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Contains(run.Sources, s => s.HintName == "DifyPlugin.Tools.g.cs");
        Assert.DoesNotContain(run.CompilationProblems, d => d.Severity == DiagnosticSeverity.Error);
    }

    private static void AssertNoInjection(GeneratorRun run, string what)
    {
        Assert.Null(run.Result.Results.Single().Exception);
        Assert.Empty(run.OutputCompilation.GetSymbolsWithName("Injected", SymbolFilter.Member));
        Assert.Empty(run.CompilationProblems);
        foreach (var (hintName, source) in run.Sources)
        {
            var terminator = source.IndexOfAny(['\r', '\u0085', '\u2028', '\u2029']);
            Assert.True(terminator < 0, $"{what}: {hintName} has a raw line terminator U+{(terminator < 0 ? 0 : source[terminator]):X4} at {terminator}");
        }
    }

    private static void AssertNoErrorInGeneratedCode(GeneratorRun run, string what)
    {
        Assert.Null(run.Result.Results.Single().Exception);
        var generatedTrees = run.Result.GeneratedTrees.ToHashSet();
        var errors = run.OutputCompilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree is { } tree && generatedTrees.Contains(tree))
            .ToArray();
        Assert.True(errors.Length == 0, $"{what}: {string.Join("\n", errors.Select(e => e.ToString()))}");
    }
}
