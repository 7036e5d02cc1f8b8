using System.Text;
using Dify.Plugin.Generator.Parsing;
using Dify.Plugin.Generator.Tests.Infrastructure;
using Xunit;

namespace Dify.Plugin.Generator.Tests;

/// <summary>
/// <see cref="BlockYamlReader"/> against the YamlDotNet path it stands in for: on every manifest we have and on
/// thousands of mutations of them, it either declines or gives exactly the tree, marks, sizes and warnings YamlDotNet
/// gives; and for each construct of its subset, the value PyYAML 6.0.3 gives (written by hand).
/// </summary>
public sealed class BlockYamlReaderTests
{
    // What the fast path reads of the shared corpus: 701 of its 710 files (98.7%) when this was written.
    private const double CorpusShareFloor = 0.98;

    [Fact]
    public void Every_corpus_manifest_reads_as_YamlDotNet_reads_it_and_nearly_all_take_the_fast_path()
    {
        var files = CorpusYaml();
        Assert.True(files.Length >= 700, $"expected the shared corpus's YAML files, found {files.Length}");

        var declined = files.Where(file => !SameAsYamlDotNet(File.ReadAllText(file), file)).ToList();

        var share = 1 - (double)declined.Count / files.Length;
        Assert.True(share >= CorpusShareFloor, $"{files.Length - declined.Count} of {files.Length} corpus files ({share:P1}) took the fast path; declined:\n{string.Join("\n", declined.Take(40))}");
    }

    [Fact]
    public void Every_manifest_of_the_repository_reads_as_YamlDotNet_reads_it()
    {
        var files = Directory.EnumerateFiles(RepositoryPaths.Root, "*.*", SearchOption.AllDirectories)
            .Where(file => file.EndsWith(".yaml", StringComparison.Ordinal) || file.EndsWith(".yml", StringComparison.Ordinal))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToArray();
        Assert.True(files.Length >= 30, $"expected the samples', templates' and tests' manifests, found {files.Length}");

        var fast = files.Count(file => SameAsYamlDotNet(File.ReadAllText(file), file));

        // The rest are hostile or broken on purpose, or use what the fast path leaves to YamlDotNet.
        Assert.True(fast >= files.Length * 0.85, $"only {fast} of {files.Length} repository manifests took the fast path");
    }

    [Fact]
    public void Hostile_and_parity_inputs_read_as_YamlDotNet_reads_them_or_are_declined()
    {
        var inputs = new List<string>
        {
            HostileManifests.Sample,
            HostileManifests.RepeatedKey(50),
            HostileManifests.AliasTreeDefaults(3),
            HostileManifests.UniqueKeys(200),
            HostileManifests.HugeDescription(5_000),
            new string('x', 10),
            string.Empty,
            "# only a comment\n",
        };
        foreach (var escape in new[] { "\\r", "\\n", "\\r\\n", "\\N", "\\L", "\\P" })
        {
            inputs.Add(HostileManifests.LineTerminatorPayload(escape));
        }

        inputs.AddRange(YamlParityTests.Accepted.Select(row => (string)row[1]));
        inputs.AddRange(YamlParityTests.Rejected.Select(row => (string)row[1]));
        inputs.Add(string.Concat(Enumerable.Range(0, 70).Select(level => new string(' ', level * 2) + $"k{level}:\n")) + new string(' ', 140) + "v: 1\n");
        inputs.Add(string.Concat(Enumerable.Range(0, 70).Select(level => new string(' ', level * 2) + "-\n")));

        foreach (var input in inputs)
        {
            SameAsYamlDotNet(input, Shorten(input));
        }

        Assert.NotNull(BlockYamlReader.TryRead(HostileManifests.RepeatedKey(50)));
        Assert.Null(BlockYamlReader.TryRead(HostileManifests.AliasTreeDefaults(3)));
    }

    /// <summary>
    /// A few thousand random edits of the corpus and of the construct cases, in a few seconds; for a deeper search set
    /// DIFY_YAML_FUZZ_CASES (100,000 take about ten seconds) and DIFY_YAML_FUZZ_SEED.
    /// </summary>
    [Fact]
    public void Mutated_corpus_manifests_read_as_YamlDotNet_reads_them_or_are_declined()
    {
        string[] fragments = [":", "-", "#", "\"", "'", "|", ">", "+", " ", "\n", "\t", "[", "]", "{", "}", "&", "*", "!", "?", ",", "%", "@", "`", "\\", ": ", "- ", " #", "\n  ", "  ", "|-\n", ">\n ", "''", "<<", "\r", "\u00e9", "\uD83D\uDE00", "1"];
        // The corpus, and (many times over, as the corpus has few of them) the hand-written cases of every construct.
        var constructs = Constructs.Select(row => (string)row[1]).ToArray();
        var files = CorpusYaml().Select(File.ReadAllText).Where(text => text.Length < 6_000)
            .Concat(Enumerable.Repeat(constructs, 20).SelectMany(texts => texts))
            .ToArray();
        var random = new Random(int.Parse(Environment.GetEnvironmentVariable("DIFY_YAML_FUZZ_SEED") ?? "20261202", System.Globalization.CultureInfo.InvariantCulture));
        var failures = new List<string>();
        var taken = 0;
        var cases = int.Parse(Environment.GetEnvironmentVariable("DIFY_YAML_FUZZ_CASES") ?? "4000", System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < cases && failures.Count < 5; i++)
        {
            var text = files[random.Next(files.Length)];
            for (var edits = 1 + random.Next(3); edits > 0; edits--)
            {
                var position = random.Next(text.Length + 1);
                text = random.Next(3) switch
                {
                    0 when position < text.Length => text.Remove(position, 1),
                    1 when position < text.Length => text.Remove(position, 1).Insert(position, fragments[random.Next(fragments.Length)]),
                    _ => text.Insert(position, fragments[random.Next(fragments.Length)]),
                };
            }

            var fast = BlockYamlReader.TryRead(text);
            if (fast is null)
            {
                continue;
            }

            taken++;
            var expected = YamlTreeDump.Of(YamlTreeReader.ReadWithYamlDotNet(text));
            var actual = YamlTreeDump.Of(fast.Value);
            if (expected != actual)
            {
                failures.Add($"case {i}: {System.Text.Json.JsonSerializer.Serialize(text)}\n{FirstDifference(expected, actual)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        Assert.True(taken > cases / 4, $"only {taken} of {cases} mutations took the fast path: the fuzz tests too little");
    }

    /// <summary>
    /// Random documents of the subset, as written and with a random edit: the fast path takes most of the former
    /// (it declines only what YamlDotNet reads in its own way), and on every one it takes agrees with YamlDotNet.
    /// </summary>
    [Fact]
    public void Random_documents_of_the_subset_read_as_YamlDotNet_reads_them_or_are_declined()
    {
        var cases = int.Parse(Environment.GetEnvironmentVariable("DIFY_YAML_FUZZ_CASES") ?? "3000", System.Globalization.CultureInfo.InvariantCulture);
        var random = new Random(int.Parse(Environment.GetEnvironmentVariable("DIFY_YAML_FUZZ_SEED") ?? "151", System.Globalization.CultureInfo.InvariantCulture));
        var documents = new RandomBlockYaml(random);
        var failures = new List<string>();
        var wellFormed = 0;
        var taken = 0;
        for (var i = 0; i < cases && failures.Count < 5; i++)
        {
            var text = documents.Document();
            if (i % 2 == 1)
            {
                var position = random.Next(text.Length + 1);
                text = text.Insert(position, new[] { " ", "\n", ":", "- ", "#", "'", "\"", "  " }[random.Next(8)]);
            }

            var slow = YamlTreeReader.ReadWithYamlDotNet(text);
            wellFormed += i % 2 == 0 && slow.Error is null ? 1 : 0;
            var fast = BlockYamlReader.TryRead(text);
            if (fast is null)
            {
                continue;
            }

            taken += i % 2 == 0 ? 1 : 0;
            var expected = YamlTreeDump.Of(slow);
            var actual = YamlTreeDump.Of(fast.Value);
            if (expected != actual)
            {
                failures.Add($"case {i}: {System.Text.Json.JsonSerializer.Serialize(text)}\n{FirstDifference(expected, actual)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        Assert.True(taken >= wellFormed * 0.8, $"the fast path took {taken} of the {wellFormed} well-formed random documents");
    }

    /// <summary>Each construct of the subset: the value PyYAML 6.0.3 loads, as JSON, written by hand.</summary>
    public static TheoryData<string, string, string> Constructs => new()
    {
        { "nested block mappings", "a:\n  b:\n    c: 1\n  d: x\ne: y\n", """{"a":{"b":{"c":1},"d":"x"},"e":"y"}""" },
        { "block sequence, indented", "a:\n  - 1\n  - two\n", """{"a":[1,"two"]}""" },
        { "sequence at the parent key's indentation", "a:\n- 1\n- 2\nb: 3\n", """{"a":[1,2],"b":3}""" },
        { "compact nested mappings", "p:\n  - name: x\n    type: string\n  - name: y\n", """{"p":[{"name":"x","type":"string"},{"name":"y"}]}""" },
        { "sequence in a sequence", "- - a\n  - b\n- c\n", """[["a","b"],"c"]""" },
        { "empty values", "a:\nb: \nc:\n- \n-\n", """{"a":null,"b":null,"c":[null,null]}""" },
        { "multi-line plain scalar folds", "a: one\n  two\n\n  three\n    four\nb: 1\n", """{"a":"one two\nthree four","b":1}""" },
        { "plain scalar with inner colons, hashes and brackets", "a: http://x:8/y#z [1] {2}, 3\n", """{"a":"http://x:8/y#z [1] {2}, 3"}""" },
        { "comment after a plain scalar", "a: x   # note\n", """{"a":"x"}""" },
        { "key with spaces before the colon", "a b   : c\n", """{"a b":"c"}""" },
        { "single-quoted with a doubled quote", "a: 'it''s # not: a comment'\n", """{"a":"it's # not: a comment"}""" },
        { "single-quoted across lines", "a: 'one\n  two  \n\n   three'\n", """{"a":"one two\nthree"}""" },
        { "double-quoted escapes", "a: \"t\\tq\\\"b\\\\u\\u00e9x\\x41n\\n\"\n", """{"a":"t\tq\"b\\uéxAn\n"}""" },
        { "quoted keys", "\"a\": 1\n'b c': 2\n", """{"a":1,"b c":2}""" },
        { "literal block, clipped", "a: |\n  one\n    two\n\n  three\n\n\nb: 1\n", """{"a":"one\n  two\n\nthree\n","b":1}""" },
        { "literal block, stripped", "a: |-\n  one\n  two\n\n", """{"a":"one\ntwo"}""" },
        { "literal block, kept", "a: |+\n  one\n\n\nb: 1\n", """{"a":"one\n\n\n","b":1}""" },
        { "folded block", "a: >\n  one\n  two\n\n  three\n    more\n  four\n", """{"a":"one two\nthree\n  more\nfour\n"}""" },
        { "folded block, stripped, in a sequence", "- >-\n  one\n  two\n- x\n", """["one two","x"]""" },
        { "block scalar with a comment after its header", "a: | # note\n  x\n", """{"a":"x\n"}""" },
        { "block scalar at the end without a line break", "a: |\n  x", """{"a":"x"}""" },
        { "empty flow collections", "a: []\nb: {}  # none\nc: [ ]\n", """{"a":[],"b":{},"c":[]}""" },
        { "flow collections of words and quoted scalars", "a: {en_US: Ask , zh: 'x'}\nb: [1, \"two\", three four]\nc: {x: [ 1 ], y: {}}\n", """{"a":{"en_US":"Ask","zh":"x"},"b":[1,"two","three four"],"c":{"x":[1],"y":{}}}""" },
        { "flow collections in a sequence", "- [a, b]\n- {k: v, k: w}\n", """[["a","b"],{"k":"w"}]""" },
        { "comments and blank lines everywhere", "# head\n\na: 1 # one\n  # indented comment\n\nb:\n  # inside\n  c: 2\n# tail", """{"a":1,"b":{"c":2}}""" },
        { "repeated key: the last value at the first place", "a: 1\nb: 2\na: 3\n", """{"a":3,"b":2}""" },
        { "repeated keys, outer before inner", "a: 1\na:\n  b: 1\n  b: {c: 1, c: 2}\n", """{"a":{"b":{"c":2}}}""" },
        { "unicode and emoji", "a: 中文 😀 text\n", """{"a":"中文 😀 text"}""" },
    };

    [Theory]
    [MemberData(nameof(Constructs))]
    public void Each_construct_of_the_subset_takes_the_fast_path_with_the_value_PyYAML_gives(string @case, string yaml, string expected)
    {
        var fast = BlockYamlReader.TryRead(yaml);

        Assert.True(fast is not null, $"{@case}: the fast path declined");
        Assert.Null(fast.Value.Error);
        Assert.Equal(expected, YamlJson.ToJson(fast.Value.Root!));
        Assert.Equal(YamlTreeDump.Of(YamlTreeReader.ReadWithYamlDotNet(yaml)), YamlTreeDump.Of(fast.Value));
    }

    public static TheoryData<string, string> OutsideTheSubset => new()
    {
        { "tab", "a:\tb\n" },
        { "tab in a comment", "a: b # c\td\n" },
        { "carriage return", "a: b\r\n" },
        { "byte-order mark", "\uFEFFa: b\n" },
        { "directive", "%YAML 1.1\n---\na: b\n" },
        { "document start", "---\na: b\n" },
        { "document end", "a: b\n...\n" },
        { "anchor and alias", "a: &x 1\nb: *x\n" },
        { "tag", "a: !!str 1\n" },
        { "merge key", "m:\n  <<: 1\n  y: 3\n" },
        { "complex key", "? a\n: b\n" },
        { "flow collection across lines", "a: [1,\n  2]\n" },
        { "flow mapping without a value", "a: {x: }\n" },
        { "flow sequence with a trailing comma", "a: [1, 2,]\n" },
        { "single-pair mapping in a flow sequence", "a: [x: 1]\n" },
        { "multi-line double quotes", "a: \"one\n  two\"\n" },
        { "explicit indentation indicator", "a: |2\n   x\n" },
        { "scalar document", "just text\n" },
        { "empty document", "# nothing\n" },
        { "malformed: value after a value", "a: b: c\n" },
        { "malformed: deeper key", "a: 1\n  b: 2\n" },
        { "malformed: unclosed quote", "a: 'x\n" },
        { "NEL line break", "a: b\u0085c: d\n" },
        { "control character", "a: b\u0001\n" },
        { "too deep", string.Concat(Enumerable.Range(0, 64).Select(level => new string(' ', level) + "k:\n")) + new string(' ', 64) + "v: 1\n" },
    };

    [Theory]
    [MemberData(nameof(OutsideTheSubset))]
    public void Text_outside_the_subset_is_declined_and_read_by_YamlDotNet(string @case, string yaml)
    {
        Assert.True(BlockYamlReader.TryRead(yaml) is null, $"{@case}: the fast path took it");
        Assert.Equal(YamlTreeDump.Of(YamlTreeReader.ReadWithYamlDotNet(yaml)), YamlTreeDump.Of(YamlTreeReader.Read(yaml)));
    }

    [Fact]
    public void A_lone_surrogate_is_declined()
    {
        // Not theory data: xUnit would carry the text through UTF-16 serialization, which replaces a lone surrogate.
        Assert.Null(BlockYamlReader.TryRead("a: \uD800\n"));
        Assert.Null(BlockYamlReader.TryRead("a: x\uDC00\n"));
    }

    private static string[] CorpusYaml() =>
        Directory.EnumerateFiles(CorpusTests.CorpusDirectory(), "*.*", SearchOption.AllDirectories)
            .Where(file => file.EndsWith(".yaml", StringComparison.Ordinal) || file.EndsWith(".yml", StringComparison.Ordinal))
            .OrderBy(file => file, StringComparer.Ordinal)
            .ToArray();

    /// <summary>Whether the fast path took <paramref name="text"/>; fails when it did and differs from YamlDotNet.</summary>
    private static bool SameAsYamlDotNet(string text, string name)
    {
        var fast = BlockYamlReader.TryRead(text);
        if (fast is null)
        {
            return false;
        }

        var expected = YamlTreeDump.Of(YamlTreeReader.ReadWithYamlDotNet(text));
        var actual = YamlTreeDump.Of(fast.Value);
        Assert.True(expected == actual, $"{name}: the fast path differs from YamlDotNet\n{FirstDifference(expected, actual)}");
        return true;
    }

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var left = i < expectedLines.Length ? expectedLines[i] : "(none)";
            var right = i < actualLines.Length ? actualLines[i] : "(none)";
            if (left != right)
            {
                return $"line {i + 1} of the dump\n  YamlDotNet: {left}\n  fast path:  {right}";
            }
        }

        return "(no difference)";
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text.Substring(0, 57) + "...";
}
