using System.Text;
using Dify.Plugin.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Dify.Plugin.Generator.Tests;

/// <summary>
/// Ten thousand mutated manifests (truncated, shuffled, wrong types, random bytes, deep nesting, huge values, hostile
/// names, every C# line terminator before code, keys repeated thousands of times, alias trees, thousands of keys) go
/// through the generator: no exception escapes, and every run ends with code that compiles or, when no
/// code could be generated, a manifest diagnostic that says why.
/// </summary>
public sealed class RobustnessTests
{
    private const int Runs = 10_000;
    private const int BatchSize = 500;

    [Fact]
    public void Mutated_manifests_never_break_the_generator()
    {
        var seeds = SeedManifests();
        var random = new Random(20261121);
        var failures = new List<string>();
        var withCode = 0;
        var withDiagnostics = 0;
        for (var batchStart = 0; batchStart < Runs; batchStart += BatchSize)
        {
            var trees = new List<(int Run, string Manifest, SyntaxTree Tree)>();
            for (var run = batchStart; run < batchStart + BatchSize; run++)
            {
                var manifest = Mutate(seeds[random.Next(seeds.Length)], random);
                var options = GeneratorHarness.DefaultOptions();
                options["build_property.DifyPluginNamespace"] = $"Fuzz.Run{run}";
                // The generator alone, reporting what the analyzer otherwise reports (GeneratorHarness.Run checks that they agree).
                options[GeneratorHarness.GeneratorDiagnosticsProperty] = "true";
                var file = new InMemoryAdditionalText($"{GeneratorHarness.ProjectDirectory}tools/fuzz.yaml", manifest);
                var result = GeneratorHarness.CreateDriver([file], options).RunGenerators(GeneratorHarness.CreateCompilation([])).GetRunResult();
                var generator = result.Results.Single();
                if (generator.Exception is not null)
                {
                    failures.Add($"run {run}: the generator threw {generator.Exception}\n--- manifest ---\n{manifest}");
                    continue;
                }

                var manifestDiagnostics = generator.Diagnostics.Where(diagnostic => diagnostic.Id.StartsWith("DIFY", StringComparison.Ordinal)).ToArray();
                withDiagnostics += manifestDiagnostics.Any(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning) ? 1 : 0;
                if (generator.GeneratedSources.Length == 0)
                {
                    if (!manifestDiagnostics.Any(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning))
                    {
                        failures.Add($"run {run}: no code and no diagnostic explaining why\n--- manifest ---\n{manifest}");
                    }

                    continue;
                }

                withCode++;
                trees.AddRange(generator.GeneratedSources.Select(source => (run, manifest, source.SyntaxTree)));
            }

            // Compile a whole batch at once; each run has its own namespace.
            var compilation = CSharpCompilation.Create(
                "Fuzz" + batchStart,
                trees.Select(entry => entry.Tree),
                GeneratorHarness.MetadataReferences,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            foreach (var injected in compilation.GetSymbolsWithName("Injected", SymbolFilter.Member))
            {
                var owner = trees.FirstOrDefault(entry => entry.Tree == injected.Locations[0].SourceTree);
                failures.Add($"run {owner.Run}: manifest text became code ({injected})\n--- manifest ---\n{owner.Manifest}");
            }

            foreach (var problem in compilation.GetDiagnostics().Where(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning))
            {
                var owner = trees.FirstOrDefault(entry => entry.Tree == problem.Location.SourceTree);
                failures.Add($"run {owner.Run}: generated code does not compile: {problem}\n--- manifest ---\n{owner.Manifest}");
            }

            Assert.True(failures.Count == 0, $"{failures.Count} failures; first:\n{failures.FirstOrDefault()}");
        }

        // The mutations must exercise both paths, or the test proves little.
        Assert.True(withCode > Runs / 4, $"only {withCode} runs produced code");
        Assert.True(withDiagnostics > Runs / 4, $"only {withDiagnostics} runs produced manifest diagnostics");
    }

    private static string[] SeedManifests()
    {
        var corpus = CorpusTests.CorpusDirectory();
        return
        [
            SnapshotTests.RepositoryFile("samples/LlmTool/tools/llm.yaml"),
            SnapshotTests.Manifest("every_type.yaml"),
            SnapshotTests.Manifest("malformed_daemon_rules.yaml"),
            File.ReadAllText(Path.Combine(corpus, "tools", "duckduckgo", "tools", "ddgo_search.yaml")),
            File.ReadAllText(Path.Combine(corpus, "tools", "duckduckgo", "tools", "ddgo_ai.yaml")),
            File.ReadAllText(Path.Combine(corpus, "tools", "discord", "tools", "discord_webhook.yaml")),
            File.ReadAllText(Path.Combine(corpus, "tools", "frontapp", "tools", "find_conversations.yaml")),
            File.ReadAllText(Path.Combine(corpus, "tools", "aliyuque", "tools", "create_document.yaml")),
        ];
    }

    private static readonly string[] HostileValues =
    [
        "\"\"", "''", "~", "null", "true", "no", "0x1F", "1e400", "-.inf", ".nan", "[]", "{}", "[1, 2, {a: b}]", "{en_US: [x]}",
        "class", "@namespace", "\"a\\\"b\"", "'*/ </summary> <c>'", "\"line\\nbreak\"", "\"\\u0000\\u200B\\uFEFF\"", "Ω名前", "\"9lives\"",
        "\"__ValuesX\"", "\"Descriptor\"", "\"Bind\"", "\"ToolName\"", "\"EqualityContract\"", "\"x-y_z.w\"", "&anchor value", "*missing",
        "!!binary aGVsbG8=", "|\n    block\n    text", ">\n    folded", "? complex key", "%TAG", "@", "`", "\t", "- - - -",
    ];

    private static string Mutate(string seed, Random random)
    {
        var text = seed;
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations; m++)
        {
            text = random.Next(14) switch
            {
                0 => text[..random.Next(text.Length + 1)],
                1 => SwapLines(text, random),
                2 => DeleteLines(text, random),
                3 => text.Insert(random.Next(text.Length + 1), RandomChars(random, random.Next(1, 12))),
                4 => ReplaceValue(text, random, HostileValues[random.Next(HostileValues.Length)]),
                5 => ReplaceValue(text, random, random.Next(2) == 0 ? new string('x', random.Next(1_000, 200_000)) : "\"" + new string('é', random.Next(1_000, 5_000)) + "\""),
                6 => text.Insert(LineStart(text, random), new string('[', random.Next(10, 400)) + "\n"),
                7 => text.Insert(LineStart(text, random), string.Concat(Enumerable.Repeat("- ", random.Next(10, 120))) + "x\n"),
                8 => Reindent(text, random),
                9 => DuplicateBlock(text, random),
                10 => ReplaceValue(text, random, "\"Size" + LineTerminatorEscapes[random.Next(LineTerminatorEscapes.Length)] + HostileManifests.InjectedCode + "\""),
                11 => RepeatLine(text, random, random.Next(100, 5_000)),
                12 => AliasTree(random) + text,
                _ => text + string.Concat(Enumerable.Range(0, random.Next(1_000, 30_000)).Select(i => $"k{i}: {i}\n")),
            };
        }

        return text;
    }

    /// <summary>Every C# line terminator as a YAML double-quoted escape (CR, LF, NEL, LS, PS).</summary>
    private static readonly string[] LineTerminatorEscapes = ["\\r", "\\n", "\\N", "\\L", "\\P", "\\u2028", "\\x85"];

    private static string[] Lines(string text) => text.Split('\n');

    private static string RepeatLine(string text, Random random, int times)
    {
        var lines = Lines(text).ToList();
        var index = random.Next(lines.Count);
        lines.InsertRange(index, Enumerable.Repeat(lines[index], times));
        return string.Join('\n', lines);
    }

    /// <summary>Anchors whose aliases nest: 10^depth nodes when expanded.</summary>
    private static string AliasTree(Random random)
    {
        var builder = new StringBuilder("x-l0: &l0 [a, b, c, d, e, f, g, h, i, j]\n");
        var depth = random.Next(2, 9);
        for (var level = 1; level < depth; level++)
        {
            builder.Append($"x-l{level}: &l{level} [{string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 10))}]\n");
        }

        return builder.ToString();
    }

    private static string SwapLines(string text, Random random)
    {
        var lines = Lines(text);
        var (a, b) = (random.Next(lines.Length), random.Next(lines.Length));
        (lines[a], lines[b]) = (lines[b], lines[a]);
        return string.Join('\n', lines);
    }

    private static string DeleteLines(string text, Random random)
    {
        var lines = Lines(text).ToList();
        var start = random.Next(lines.Count);
        lines.RemoveRange(start, Math.Min(lines.Count - start, random.Next(1, 6)));
        return string.Join('\n', lines);
    }

    private static string ReplaceValue(string text, Random random, string value)
    {
        var lines = Lines(text);
        var candidates = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(": ", StringComparison.Ordinal)).ToArray();
        if (candidates.Length == 0)
        {
            return text;
        }

        var index = candidates[random.Next(candidates.Length)];
        var colon = lines[index].IndexOf(": ", StringComparison.Ordinal);
        lines[index] = lines[index][..(colon + 2)] + value;
        return string.Join('\n', lines);
    }

    private static string Reindent(string text, Random random)
    {
        var lines = Lines(text);
        var index = random.Next(lines.Length);
        lines[index] = new string(' ', random.Next(0, 9)) + lines[index].TrimStart();
        return string.Join('\n', lines);
    }

    private static string DuplicateBlock(string text, Random random)
    {
        var lines = Lines(text).ToList();
        var start = random.Next(lines.Count);
        var block = lines.Skip(start).Take(random.Next(1, 15)).ToList();
        lines.InsertRange(Math.Min(lines.Count, start + block.Count), block);
        return string.Join('\n', lines);
    }

    private static int LineStart(string text, Random random)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts[random.Next(starts.Count)];
    }

    private static string RandomChars(Random random, int count)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            builder.Append(random.Next(4) switch
            {
                0 => (char)random.Next(0, 32),
                1 => "{}[]:-#&*!|>'\"%@`,?"[random.Next(19)],
                2 => (char)random.Next(0x80, 0xD7FF),
                _ => (char)random.Next(32, 127),
            });
        }

        return builder.ToString();
    }
}
