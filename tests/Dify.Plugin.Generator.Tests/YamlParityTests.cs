using System.Text.Json;
using Dify.Plugin.Generator.Parsing;
using Dify.Plugin.Generator.Tests.Infrastructure;
using Xunit;

namespace Dify.Plugin.Generator.Tests;

/// <summary>
/// The generator reads YAML as Dify does: the Python SDK loads manifests with PyYAML (<c>yaml.safe_load</c>, YAML 1.1)
/// and the daemon with Go's yaml.v3, both of the libyaml family. Each case gives the YAML and, written by hand, the
/// value PyYAML 6.0.3 produces for it (as JSON), or the line and column where PyYAML rejects it.
/// </summary>
public sealed class YamlParityTests
{
    /// <summary>The two ways of reading a text, each held to PyYAML: the fast reader (YamlDotNet where it declines), and YamlDotNet after the pre-pass.</summary>
    private static readonly (string Way, Func<string, (YamlNode? Root, YamlError? Error, List<YamlError> Warnings)> Read)[] BothWays =
        [("fast", YamlTreeReader.Read), ("YamlDotNet", YamlTreeReader.ReadWithYamlDotNet)];

    public static TheoryData<string, string, string> Accepted => new()
    {
        // YamlDotNet rejected these ("multi-line double-quoted scalar, found wrong indentation"); PyYAML folds them.
        { "continuation at the parent key's indentation", "description:\n  llm: \"line one\n  continuation at parent indentation\"\n  human: x\n", """{"description":{"llm":"line one continuation at parent indentation","human":"x"}}""" },
        { "continuation at column 1", "description:\n  llm: \"line one\ncontinuation at col 0\"\n", """{"description":{"llm":"line one continuation at col 0"}}""" },
        { "continuation in a sequence", "a:\n  - \"x\ny\"\n", """{"a":["x y"]}""" },
        { "continuation in a flow sequence", "a: [ \"x\ny\" ]\n", """{"a":["x y"]}""" },
        { "empty line in a quoted scalar", "a: \"x\n\n  y\"\n", """{"a":"x\ny"}""" },
        { "escaped line break", "a: \"x \\\ny\"\n", """{"a":"x y"}""" },
        { "continuation then more keys", "a: \"x\n\"\nb: 1\n", """{"a":"x ","b":1}""" },
        // A quote, '#', ',' or '[' inside a plain scalar is text: only a quote at the start of a node opens a quoted
        // scalar, and only a '#' after white space starts a comment.
        { "double quote inside a plain scalar", "a: say \"hi\nb: 1\n", """{"a":"say \"hi","b":1}""" },
        { "single quote inside a plain scalar", "a: it's\nb: 'x'\n", """{"a":"it's","b":"x"}""" },
        { "comma then quote inside a plain scalar", "a: x, \"y\nb: 1\n", """{"a":"x, \"y","b":1}""" },
        { "bracket then quote inside a plain scalar", "a: x [y \"z\nb: 1\n", """{"a":"x [y \"z","b":1}""" },
        { "'#' right after ':' in a key", "a:#b: |\n  x \"y\nc: 1\n", """{"a:#b":"x \"y\n","c":1}""" },
        { "'|' ending a plain scalar", "a: x |\nb: 1\n", """{"a":"x |","b":1}""" },
        { "double quote after a sequence dash, continued", "- \"x\n y\"\n- b\n", """["x y","b"]""" },
        // Quoted, or with more text, '=' and '<<' are strings; '0b' with digits after '_' is an integer.
        { "quoted '=' and '<<', '=' with text after it", "a: '='\nb: \"<<\"\nc: =a\n", """{"a":"=","b":"<<","c":"=a"}""" },
        { "binary integer with '_' between digits", "k: 0b1_0\n", """{"k":2}""" },
        // A continuation line of a multi-line plain scalar is text from its first character: a quote there opens
        // nothing, closed on the line or not (it used to turn every line after it into a quoted scalar's).
        { "quote starting a plain continuation line, never closed", "a: first words\n  \"quoted start\n  more\nb: x\n", """{"a":"first words \"quoted start more","b":"x"}""" },
        { "quote starting a plain continuation of a nested value", "d:\n  llm: one\n    \"two\n  human: x\n", """{"d":{"llm":"one \"two","human":"x"}}""" },
        { "quote starting a plain continuation of a sequence entry", "a:\n  - one\n    'two\n  - y\n", """{"a":["one 'two","y"]}""" },
        { "quote starting a plain continuation of a mapping in a sequence", "- a: one\n   \"two\n- b\n", """[{"a":"one \"two"},"b"]""" },
        { "single quote starting a plain continuation line", "a: one\n  'two\nb: x\n", """{"a":"one 'two","b":"x"}""" },
        { "quote on the third line of a plain scalar", "a: one\n  two\n  \"three\nb: 1\n", """{"a":"one two \"three","b":1}""" },
        { "quote after an empty line of a plain scalar", "a: one\n\n  \"two\nb: 1\n", """{"a":"one\n\"two","b":1}""" },
        { "quote continuing a plain value on its own line", "a:\n  one\n  \"two\nb: 1\n", """{"a":"one \"two","b":1}""" },
        { "quoted scalar after a plain continuation with a quote", "a: one\n  \"two\nb: \"x\n  y\"\n", """{"a":"one \"two","b":"x y"}""" },
        { "quoted key at the plain value's own key's indentation", "a:\n  b: one\n  \"c\": two\n", """{"a":{"b":"one","c":"two"}}""" },
        // A block scalar in a sequence entry: its lines only need to be indented past the dash, so one that starts with
        // a quote or a brace is text (the pre-pass took the key column after the dash for the limit, read such a line
        // as a quoted scalar or a flow collection, and re-indented the rest of the file into the block).
        { "block scalar of a sequence entry, indented one past the dash", "k:\n  - |-\n   \"q\n  - x y z\n", """{"k":["\"q","x y z"]}""" },
        { "folded scalar of a sequence entry starting with a brace and a quote", "- >\n {a: \"b\n- c\n", """["{a: \"b\n","c"]""" },
        { "block scalar of a sequence entry starting with a single quote", "k:\n- |\n  's\n  more\n- d\n", """{"k":["'s\nmore\n","d"]}""" },
        { "block scalar of a nested sequence entry", "- - |\n    \"x\n  - y\n", """[["\"x\n","y"]]""" },
        // Tabs that PyYAML allows.
        { "tab in a double-quoted scalar", "a: \"x\ty\"\n", """{"a":"x\ty"}""" },
        { "tab in a single-quoted scalar", "a: 'x\ty'\n", """{"a":"x\ty"}""" },
        { "tab in a block scalar", "a: |\n  x\ty\n", """{"a":"x\ty\n"}""" },
        { "tab in a comment line", "# c\td\na: 1\n", """{"a":1}""" },
        { "tab indenting a quoted continuation", "a: \"x\n\ty\"\n", """{"a":"x y"}""" },
        // A byte-order mark.
        { "byte-order mark", "\uFEFFa: 1\n", """{"a":1}""" },
        // Merge keys: merged entries first, keys written here win.
        { "merge key", "base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n", """{"base":{"x":1,"y":2},"m":{"x":1,"y":3}}""" },
        { "merge list, earlier source wins", "a: &a {x: 1}\nb: &b {x: 2, z: 3}\nm: {<<: [*a, *b], w: 4}\n", """{"a":{"x":1},"b":{"x":2,"z":3},"m":{"x":1,"z":3,"w":4}}""" },
        // Repeated keys: the last value at the first place.
        { "repeated key", "a: 1\nb: 2\na: 3\n", """{"a":3,"b":2}""" },
        // YAML 1.1 scalars.
        { "1e5 is text", "v: 1e5\n", """{"v":"1e5"}""" },
        { "signed exponent is a float", "v: 1.0e+5\n", """{"v":100000.0}""" },
        { "leading zero is octal", "v: 017\n", """{"v":15}""" },
        { "0o is text", "v: 0o17\n", """{"v":"0o17"}""" },
        { "base 60", "v: 1:20\n", """{"v":80}""" },
        { "underscores", "v: 1_000\n", """{"v":1000}""" },
        { "binary", "v: 0b101\n", """{"v":5}""" },
        { "negative hex", "v: -0x1F\n", """{"v":-31}""" },
        { "dot then digits", "v: .5\n", """{"v":0.5}""" },
        { "sign, dot, digits is text", "v: -.5\n", """{"v":"-.5"}""" },
        { "three-part version is text", "v: 1.2.3\n", """{"v":"1.2.3"}""" },
        { "yes", "v: yes\n", """{"v":true}""" },
        { "On", "v: On\n", """{"v":true}""" },
        { "NO", "v: NO\n", """{"v":false}""" },
        { "y is text", "v: y\n", """{"v":"y"}""" },
        { "tilde", "v: ~\n", """{"v":null}""" },
        { "minus zero is zero", "v: -0\n", """{"v":0}""" },
        { "integer past 2^53 stays exact", "v: 12345678901234567891\n", """{"v":12345678901234567891}""" },
        { "octal past 2^63", "v: 0777777777777777777777\n", """{"v":9223372036854775807}""" },
        { "octal past 2^64", "v: 012345670123456701234567\n", """{"v":96374504495306324343}""" },
        { "hexadecimal past 2^64", "v: 0xFFFFFFFFFFFFFFFFFF\n", """{"v":4722366482869645213695}""" },
        { "hexadecimal one past 2^53", "v: 0x20000000000001\n", """{"v":9007199254740993}""" },
        { "negative binary past 2^64", "v: -0b1_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0001\n", """{"v":-18446744073709551617}""" },
        { "base 60 past 2^64", "v: 1:59:59:59:59:59:59:59:59:59:59:59\n", """{"v":72559411199999999999}""" },
        { "int tag on quoted hexadecimal past 2^53", "v: !!int \"0x20000000000001\"\n", """{"v":9007199254740993}""" },
        // Core tags, as PyYAML's safe loader builds them.
        { "str tag on a number", "v: !!str 1\n", """{"v":"1"}""" },
        { "null tag on text", "v: !!null x\n", """{"v":null}""" },
        { "int tag on quoted digits", "v: !!int \"12\"\n", """{"v":12}""" },
        { "float tag on an integer", "v: !!float 1\n", """{"v":1.0}""" },
        { "float tag on base 60", "v: !!float 1:20\n", """{"v":80.0}""" },
        { "bool tag on yes", "v: !!bool yes\n", """{"v":true}""" },
        // construct_yaml_float and construct_yaml_int end in Python's float() and int(), which take more than YAML 1.1 does.
        { "float tag on an exponent without a point", "v: !!float 1e5\n", """{"v":100000.0}""" },
        { "float tag on a negative exponent", "v: !!float 2.5e-3\n", """{"v":0.0025}""" },
        { "float tag on sign, point, digits", "v: !!float -.5\n", """{"v":-0.5}""" },
        { "float tag on plus, point, digits", "v: !!float +.5\n", """{"v":0.5}""" },
        { "float tag with underscores in the exponent", "v: !!float 1_0e1_0\n", """{"v":100000000000.0}""" },
        { "float tag on quoted text with spaces around", "v: !!float '  1.5 '\n", """{"v":1.5}""" },
        { "float tag on an upper-case exponent", "v: !!float 1E+15\n", """{"v":1000000000000000.0}""" },
        { "int tag on 0o", "v: !!int 0o17\n", """{"v":15}""" },
        { "int tag on negative 0o", "v: !!int -0o17\n", """{"v":-15}""" },
        { "int tag on quoted digits with a space before", "v: !!int ' 12'\n", """{"v":12}""" },
        { "non-specific tag leaves the value to the resolvers", "v: ! 12\n", """{"v":12}""" },
        // An alias may be a key, with its ':' after a space or on the next line.
        { "alias as a key", "a: &an v\n*an : 1\n", """{"a":"v","v":1}""" },
        { "alias as an explicit key", "a: &an v\n? *an\n: 1\n", """{"a":"v","v":1}""" },
        // A plain scalar may start with ':' outside brackets; YamlDotNet dropped that ':' from the first plain scalar
        // after a flow collection when something else (a quoted key) came between them.
        { "value starting with ':'", "'k': :a\n", """{"k":":a"}""" },
        { "value starting with ':' after a flow sequence and a quoted key", "x: [a: b]\n'k': :a\n", """{"x":[{"a":"b"}],"k":":a"}""" },
        { "value starting with ':' after a flow mapping and a double-quoted key", "x: {a: b}\n\"k\": :a\n", """{"x":{"a":"b"},"k":":a"}""" },
        { "value starting with ':' after a plain key", "x: [a]\nk: :a\n", """{"x":["a"],"k":":a"}""" },
        { "':' then digits is text", "x: [a]\n'k': :1\n", """{"x":["a"],"k":":1"}""" },
        { "value starting with ':' after an anchor", "x: [a]\n\"k\": &n :b\n", """{"x":["a"],"k":":b"}""" },
        { "value starting with ':' on the next line", "x: [a]\n\"k\":\n  :b\n", """{"x":["a"],"k":":b"}""" },
        { "sequence entry starting with ':'", "- [a]\n- \"x\"\n- :b\n", """[["a"],"x",":b"]""" },
        { "adjacent value after a quoted key in a flow collection", "[\"a\":b]\n", """[{"a":"b"}]""" },
        { "URL and ':' inside words in a flow sequence", "k: [http://x.y/z, a:b]\n", """{"k":["http://x.y/z","a:b"]}""" },
        { "URL as a flow mapping value", "{a: b, url: http://x}\n", """{"a":"b","url":"http://x"}""" },
        { "anchor name of letters, digits, '-' and '_'", "k: &a-_9 v\nj: *a-_9\n", """{"k":"v","j":"v"}""" },
        // A line inside a flow collection may sit at any indentation (YamlDotNet wanted a plain scalar there indented
        // past the enclosing block).
        { "flow sequence continued at the key's indentation", "k: [\na]\n", """{"k":["a"]}""" },
        { "second flow entry at the key's indentation", "k: [a,\nb]\n", """{"k":["a","b"]}""" },
        { "flow mapping continued at the key's indentation", "k: {\na: b}\n", """{"k":{"a":"b"}}""" },
        { "flow sequence of a sequence entry continued at the dash's column", "- [\na]\n", """[["a"]]""" },
        { "flow sequence of a nested sequence entry", "- - [a,\n  b]\n", """[[["a","b"]]]""" },
        { "flow sequence of a nested key continued at its indentation", "k:\n  m: [a,\n  b]\n", """{"k":{"m":["a","b"]}}""" },
        { "quoted scalar over two lines in a flow sequence at column 1", "k: [\n\"x\ny\", b]\n", """{"k":["x y","b"]}""" },
        { "dashes that are no document marker in a flow sequence", "k: [a,\n---]\n", """{"k":["a","---"]}""" },
        { "dots that are no document marker in a flow sequence", "k: [a,\n...]\n", """{"k":["a","..."]}""" },
        // A comment may follow a quoted scalar or a flow collection without white space (scanner.py, scan_to_next_token).
        { "comment right after a flow sequence", "k: [a]#c\n", """{"k":["a"]}""" },
        { "comment right after a double-quoted value", "k: \"a\"#c\n", """{"k":"a"}""" },
        { "comment right after a double-quoted document", "\"a\"#c\n", "\"a\"" },
        { "comment right after a flow sequence document", "[a]#c\n", """["a"]""" },
        { "comment right after a single-quoted entry", "- 'a'#c\n", """["a"]""" },
        { "comment right after a nested flow mapping, then a key", "k: {a: [b]}#c\nj: 1\n", """{"k":{"a":["b"]},"j":1}""" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Yaml_that_PyYAML_accepts_is_read_with_the_same_values(string @case, string yaml, string expected)
    {
        var (root, error, _) = YamlTreeReader.Read(yaml);

        Assert.True(error is null, $"{@case}: {error?.Message} at {error?.Start}");
        Assert.Equal(expected, YamlJson.ToJson(root!));
    }

    /// <summary>
    /// 1,300 generated texts (YamlParity/generate.py) mixing plain scalars continued over several lines, quotes and
    /// comments at the start of a line or inside a scalar, quoted and block scalars, sequences and blank lines (and in
    /// the next 400 flow collections, repeated anchors, tags, tabs and document markers; in the last 300, scalars PyYAML
    /// types, tagged or not), each with what PyYAML 6.0.3 makes of it (written by that script from PyYAML, not from this code). Both ways of
    /// reading, the fast reader and YamlDotNet after the compatibility pre-pass, must agree with PyYAML on every one:
    /// the same value, or a rejection where PyYAML rejects.
    /// </summary>
    [Fact]
    public void Generated_texts_read_as_PyYAML_reads_them()
    {
        var (cases, mismatches) = ReadEveryCaseBothWays("YamlParity/generated-cases.jsonl", string.Equals);

        Assert.Equal(1300, cases);
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    /// <summary>
    /// Reads each case of a jsonl file of PyYAML's readings both ways; a mismatch is a text read where PyYAML rejects it,
    /// rejected where PyYAML reads it, or read to a value <paramref name="same"/> tells from PyYAML's.
    /// </summary>
    private static (int Cases, List<string> Mismatches) ReadEveryCaseBothWays(string file, Func<string, string, bool> same)
    {
        var mismatches = new List<string>();
        var cases = File.ReadLines(RepositoryPaths.TestProject(file)).ToList();
        foreach (var line in cases)
        {
            using var row = JsonDocument.Parse(line);
            var yaml = row.RootElement.GetProperty("yaml").GetString()!;
            var expected = row.RootElement.GetProperty("json").GetString();
            foreach (var (way, read) in BothWays)
            {
                var (root, error, _) = read(yaml);
                var actual = error is null ? YamlJson.ToJson(root!) : null;
                if (expected is null ? actual is not null : actual is null || !same(expected, actual))
                {
                    mismatches.Add($"{way}: {JsonSerializer.Serialize(yaml)} -> {actual ?? "rejected: " + error!.Message}; PyYAML: {expected ?? "rejected"}");
                }
            }
        }

        return (cases.Count, mismatches);
    }

    /// <summary>
    /// 5,767 texts fuzzed over flow collections, indicator characters, colons, anchors, tags, comments and typed
    /// scalars (YamlParity/fuzz.py), each with PyYAML 6.0.3's value or rejection. No text may read to a value other
    /// than PyYAML's, either way of reading. The texts read where PyYAML rejects them, and rejected where it reads them,
    /// are held to today's counts (0 and 0), so that none is added unnoticed; so are the texts both reject that are
    /// rejected at another line or column than PyYAML's (16 of the 3,603 whose PyYAML error has a position).
    /// </summary>
    [Fact]
    public void Fuzzed_texts_read_to_no_value_other_than_PyYAMLs()
    {
        var cases = File.ReadLines(RepositoryPaths.TestProject("YamlParity/fuzz-cases.jsonl")).ToList();
        foreach (var (way, read) in BothWays)
        {
            var otherValues = new List<string>();
            var acceptedRejections = 0;
            var rejectedValues = 0;
            var elsewhere = 0;
            foreach (var line in cases)
            {
                using var row = JsonDocument.Parse(line);
                var yaml = row.RootElement.GetProperty("yaml").GetString()!;
                var expected = row.RootElement.GetProperty("json").GetString();
                var (root, error, _) = read(yaml);
                var actual = error is null ? (root is null ? "null" : YamlJson.ToJson(root)) : null;
                switch (expected, actual)
                {
                    case (null, null):
                        // PyYAML's ValueError and KeyError (a tagged value float() or int() refuses) carry no position.
                        var pyYaml = row.RootElement.GetProperty("err");
                        if (pyYaml.GetProperty("line").GetInt32() > 0
                            && (pyYaml.GetProperty("line").GetInt32(), pyYaml.GetProperty("col").GetInt32()) != ((int)error!.Start.Line, (int)error.Start.Column))
                        {
                            elsewhere++;
                        }

                        break;
                    case (null, _):
                        acceptedRejections++;
                        break;
                    case (_, null):
                        rejectedValues++;
                        break;
                    default:
                        if (!SameValue(expected, actual))
                        {
                            otherValues.Add($"{JsonSerializer.Serialize(yaml)} -> {actual}; PyYAML: {expected}");
                        }

                        break;
                }
            }

            Assert.Equal(5767, cases.Count);
            Assert.True(otherValues.Count == 0, way + ":" + Environment.NewLine + string.Join(Environment.NewLine, otherValues));
            Assert.InRange(acceptedRejections, 0, 0);
            Assert.InRange(rejectedValues, 0, 0);
            Assert.InRange(elsewhere, 0, 16);
        }
    }

    /// <summary>
    /// 3,000 texts PyYAML reads (YamlParity/flow.py), over flow collections nested three deep and over several lines,
    /// with comments, trailing commas, explicit keys, single-pair mappings in brackets, anchors, aliases and tags on
    /// keys, values and collections, each with PyYAML 6.0.3's value. Both ways of reading read every one to that value.
    /// Written after anchored values in braces and '?' keys in brackets were found rejected, which fuzz.py's texts,
    /// mostly rejected by PyYAML, had not shown.
    /// </summary>
    [Fact]
    public void Flow_texts_PyYAML_reads_are_read_with_its_values()
    {
        var (cases, mismatches) = ReadEveryCaseBothWays("YamlParity/flow-cases.jsonl", SameValue);

        Assert.Equal(3000, cases);
        Assert.True(mismatches.Count == 0, mismatches.Count + " mismatches:" + Environment.NewLine + string.Join(Environment.NewLine, mismatches.Take(20)));
    }

    /// <summary>The same JSON value; numbers compare by value and by being integers or floats (1.0e5 and 100000.0 alike).</summary>
    private static bool SameValue(string expected, string actual)
    {
        using var left = JsonDocument.Parse(expected);
        using var right = JsonDocument.Parse(actual);
        return Same(left.RootElement, right.RootElement);

        static bool Same(JsonElement a, JsonElement b) => a.ValueKind == b.ValueKind && a.ValueKind switch
        {
            JsonValueKind.Object => a.EnumerateObject().Count() == b.EnumerateObject().Count()
                && a.EnumerateObject().Zip(b.EnumerateObject()).All(pair => pair.First.Name == pair.Second.Name && Same(pair.First.Value, pair.Second.Value)),
            JsonValueKind.Array => a.GetArrayLength() == b.GetArrayLength() && a.EnumerateArray().Zip(b.EnumerateArray()).All(pair => Same(pair.First, pair.Second)),
            JsonValueKind.Number => a.GetRawText() == b.GetRawText() || (IsFloat(a) == IsFloat(b) && a.GetDouble() == b.GetDouble()),
            _ => a.GetRawText() == b.GetRawText(),
        };

        static bool IsFloat(JsonElement number) => number.GetRawText().IndexOfAny(['.', 'e', 'E']) >= 0;
    }

    public static TheoryData<string, string, int, int> Rejected => new()
    {
        // Line and column (1-based) as PyYAML reports them.
        { "tab after a colon", "a:\tb\n", 1, 3 },
        { "tab inside a plain scalar", "a: b\tc\n", 1, 5 },
        { "tab before a comment", "a: b\t# c\n", 1, 5 },
        { "tab after a quoted scalar", "a: \"b\"\t\n", 1, 7 },
        { "tab in a flow sequence", "a: [1,\t2]\n", 1, 7 },
        { "tab indenting a key", "\ta: 1\n", 1, 1 },
        { "tab after spaces of indentation", "a:\n  \tb: 1\n", 2, 3 },
        // YAML 1.2 and YamlDotNet let a later anchor replace an earlier one; PyYAML refuses it at the second.
        { "repeated anchor on a scalar", "a: &x 1\nb: &x 2\n", 2, 4 },
        { "repeated anchor on collections", "a: &x {p: 1}\nb: &x [2]\n", 2, 4 },
        // Inside brackets and braces ':' is always the value indicator (scanner.py, check_value), so no plain scalar
        // there starts with it; YamlDotNet read these as ":b", or as "b" after a nested collection.
        { "flow sequence entry starting with ':'", "[:b]\n", 1, 2 },
        { "flow mapping value starting with ':'", "{a: :b}\n", 1, 5 },
        { "second flow entry starting with ':'", "[a, :b]\n", 1, 5 },
        { "flow entry starting with ':' after a nested collection", "[[a], :b]\n", 1, 7 },
        { "flow entry starting with ':' on a later line", "x: [a]\ny: [:c]\n", 2, 5 },
        { "document marker inside a flow sequence", "k: [a,\n--- b]\n", 2, 1 },
        // float() and int(x, 8) fail these; PyYAML's ValueError has no position, so the scalar's start is expected.
        { "float tag on hexadecimal", "v: !!float 0x1F\n", 1, 4 },
        { "int tag on upper-case 0X", "v: !!int 0X1F\n", 1, 4 },
        // Inside brackets and braces PyYAML ends a plain scalar at '?' and at ':' before white space or ', [ ] { }'
        // (scan_plain), and no scalar starts with '| > % @ `' there; YamlDotNet read all of these as text.
        { "'?' inside a flow entry", "[a?]\n", 1, 3 },
        { "'?' inside a flow entry, text after it", "[a?b]\n", 1, 3 },
        { "'?' inside a flow mapping key", "{a?b: c}\n", 1, 3 },
        { "'?' after a space inside a flow entry", "[a ?b]\n", 1, 4 },
        { "':' ending a flow mapping value", "{a: b:}\n", 1, 6 },
        { "':' ending the value of a single-pair mapping in a flow sequence", "[\"a\": b:]\n", 1, 8 },
        { "'|' starting a flow entry", "[|a]\n", 1, 2 },
        { "'>' starting a flow entry", "[>a]\n", 1, 2 },
        { "'%' starting a flow entry", "[%a]\n", 1, 2 },
        { "'@' starting a flow entry", "[@a]\n", 1, 2 },
        { "backtick starting a flow entry", "[`a]\n", 1, 2 },
        // An anchor's name is letters, digits, '-' and '_' (scan_anchor).
        { "'.' in an anchor's name", "k: &a.b v\n", 1, 6 },
        { "'/' in an anchor's name", "k: &a/b v\n", 1, 6 },
        { "a letter past ASCII in an anchor's name", "k: &\u00e9 v\n", 1, 5 },
        { "'#' in an anchor's name", "k: &a# c\n", 1, 6 },
        // YamlDotNet took the alias for a key with no value and ended the mapping on it, losing it.
        { "alias on the line after a flow collection", "a: &an v\nk:\n  j:\n  - {a: b}\n   *an\nz: 1\n", 5, 4 },
        // YamlDotNet took the first alias for a key and the second for its value, with no ':' between them.
        { "alias lines after a comment", "k00:\n- &an val\n- tail #not\n\n *an\n\n *an\nk01: x\n", 5, 2 },
        // Tags: PyYAML's safe loader builds the core ones and refuses the rest, and a value its tag does not fit.
        { "local tag", "a: !t c\n", 1, 4 },
        { "local tag on a mapping", "a: !t {b: 1}\n", 1, 4 },
        { "integer tag on text", "a: !!int x\n", 1, 4 },
        { "boolean tag on text", "a: !!bool maybe\n", 1, 4 },
        { "mapping tag on a list", "a: !!map [1]\n", 1, 4 },
        // PyYAML builds bytes here, which no manifest field holds: refused rather than read as text (on purpose).
        { "binary tag", "a: !!binary aGk=\n", 1, 4 },
        // The first problem in the file is reported, as PyYAML meets them: a parse error before a tab, a tab where
        // YamlDotNet places its own error at the file's start, and a parse error anywhere before a tag that PyYAML's
        // constructor, which runs once the whole file has parsed, would refuse.
        { "parse error before a tab", "a:\n  b: 1\n c: 2\nd:\n  e: f\ng: \t3\n", 3, 2 },
        { "tab indenting a nested key", "x:\n  y: 1\nextra:\n\t  python:\n    source: a\n", 4, 1 },
        { "parse error after a local tag", "a: !t x\nb: 1\n c: 2\n", 3, 3 },
        // A list or mapping as a key: PyYAML's constructor refuses it ("found unhashable key", at the key), but only
        // once the whole document has parsed, so a syntax error or an unknown alias anywhere after it comes first.
        { "list as a key", "? [a]\n: b\n", 1, 3 },
        { "mapping as a key inside a flow mapping", "{{a: b}: c}\n", 1, 2 },
        { "alias of a list as a key, placed at the list", "a: &x [1]\n*x : 2\n", 1, 4 },
        { "list as a key, then a flow sequence never closed", "[a]: b\nc: [d\n", 3, 1 },
        { "list as a key, then an unknown alias", "[a]: *x\n", 1, 6 },
        { "list as a key, then a repeated anchor", "[a]: &x 1\nb: &x 2\n", 2, 4 },
        // PyYAML builds a mapping's keys and scalars when it builds the mapping, and the collections inside it later
        // (state_generators, constructor.py): a key refused at the top comes before one inside a value above it.
        { "list key at the top after one in a nested mapping", "x: {[a]: 1}\n[b]: 2\n", 2, 1 },
        { "list key before a value its tag does not fit", "[b]: 2\na: !!int x\n", 1, 1 },
        // A block scalar's header: PyYAML reports the first character after '|' or '>' it cannot read, YamlDotNet the
        // indicator itself.
        { "text right after '>'", "\"q\": >a\n", 1, 7 },
        { "indentation indicator 0", "k: |0\n  x\n", 1, 5 },
        { "text after the indicators and a space", "k: |+1 x\n", 1, 8 },
        { "comment with no space after '>'", "k: >#c\n", 1, 5 },
        // An empty key (a ':' with nothing before it) where PyYAML expects the block to end: PyYAML reports the ':',
        // YamlDotNet marks the empty key just after it.
        { "empty key on the line under a key", "k:\n  : v\n", 2, 3 },
        { "empty key in a nested sequence entry", "- - :\nb:\n", 1, 5 },
        { "empty key after an explicit key's value", "k: v\n? 'a'\n: : c\n", 3, 3 },
        { "empty key after one space", " : b:c\n", 1, 2 },
        { "empty key in a sequence entry, then a dash", "- : -\n", 1, 3 },
        { "empty key, then an empty key with a value starting with ':'", "k:\n  :\n::b\n", 2, 3 },
        // A key with no ':' at its mapping's indentation: PyYAML's scanner rejects it only when it fetches the next token
        // on a later line, or meets the end of the text (stale_possible_simple_keys); YamlDotNet reports the key.
        { "key without ':' among a mapping's keys", "identity:\n  name: x\n  author\n  label: y\n", 4, 3 },
        { "key without ':', then comments and blank lines", "x: y\nabc # c\n\n# d\n  \nz: 1\n", 6, 1 },
        { "key without ':' at the end of the text", "x: y\n\"a\"?- b\n", 3, 1 },
        { "key without ':' on the last line, no line break", "x: y\nabc", 2, 4 },
        { "key without ':', CRLF line breaks", "x: y\r\nabc\r\nz: 1\r\n", 3, 1 },
        { "flow mapping as a key without ':'", "x: y\n{a: b}?b #c\n", 3, 1 },
        { "key without ':' under a block scalar that is empty", "m:\n  ? a: b\n  : |\n  c\n", 5, 1 },
        { "key without ':' after a sequence of mappings", "- - &x a:\nb #c\n", 3, 1 },
        { "quoted key without ':' after a sequence entry's mapping", "- \"a\":\nb\n", 3, 1 },
        // Not at a mapping's indentation (deeper than every collection above it): PyYAML's parser rejects the key itself.
        { "scalar indented under a finished value", "k: \"a\"\n  \"a\"\n", 2, 3 },
        { "scalar indented under a closed flow sequence", "- [\n ]\n  x\n", 3, 3 },
        { "key with its ':' at an indentation between two", "a:\n  b: 1\n c: 2\n", 3, 2 },
        // Inside brackets or braces PyYAML drops a key as a possible key once the line changes (stale_possible_simple_keys);
        // a ':' on a later line then follows a finished entry, and its parser rejects it there. YamlDotNet reads the pair.
        { "':' on the line after a plain key in braces", "{ a\n: b}\n", 2, 1 },
        { "':' on the line after a plain key in brackets", "[ a\n: b]\n", 2, 1 },
        { "':' on the line after a key in a nested list", "{ [ a\n: b]: 1}\n", 2, 1 },
        { "':' on the line after a quoted key", "{ \"a\"\n : v }\n", 2, 2 },
        { "':' after a list key that spans two lines", "{ [a,\n b]: v }\n", 2, 4 },
        { "':' after a comment line under the key", "{ \"a\" : v,\n  \"b\"\n  # note\n  : w }\n", 4, 3 },
        { "':' under the key in a manifest-like mapping", "k: {a: 1,\n  b\n  : 2}\n", 3, 3 },
        { "':' after a plain key that spans two lines", "{ a\n b: c }\n", 2, 3 },
        { "':' after a quoted key that spans two lines", "{ \"a\n b\": c }\n", 2, 4 },
        // '::' after a key in brackets or braces: PyYAML takes the first ':' as the value's indicator and rejects the
        // second; YamlDotNet puts an empty value at the second.
        { "'::' after a quoted key in a list", "['a':: ::b]\n", 1, 6 },
        { "'::' after a quoted key in a mapping", "{'a':: b:}\n", 1, 6 },
        { "'::' after a quoted key, then a space", "[x, 'a':: , y]\n", 1, 9 },
        // A list opened on the line of an anchor: PyYAML rejects its '-', YamlDotNet the anchor.
        { "list after a key's anchor on its line", "&x a: - b\n", 1, 7 },
        { "list after a value's anchor on its line", "k: v\nkey: &x - a\n", 2, 9 },
        { "list right after a key on its line", "key: - a\n", 1, 6 },
        // A tag runs over letters, digits and URI characters, then needs a space: PyYAML rejects the first character
        // that is neither (scan_tag), YamlDotNet the tag's '!'.
        { "'>' right after a tag", "'q': !aa>\n", 1, 9 },
        { "'}' right after a tag", "{k: !a}\n", 1, 7 },
        { "'#' right after a tag", "k: !a#.nan # c\n", 1, 6 },
        { "',' read into a tag, then '#'", "[ !a,a#b ]\n", 1, 7 },
        // A ':' with no key at the start of a line, then a value YamlDotNet reads as a mapping: PyYAML rejects the ':'.
        { "':' with no key, then a mapping on the line", ": a: v\nk: w\n", 1, 1 },
        { "':' with no key after a key, then a mapping", "k: v\n: a: b\n", 2, 1 },
        { "':' with no key under a key, then a mapping", "k:\n  : a: b\n", 2, 3 },
        // A ':' with nothing before it where PyYAML's parser wants a key or a node (no simple key, no '?'): YamlDotNet
        // read an empty key; PyYAML rejects the ':' ("expected <block end>" in a block mapping, "expected the node
        // content" in brackets or braces).
        { "':' with no key at the start of the text", ": v\n", 1, 1 },
        { "':' with no key at the start of a line", "x: y\nz: w\n: v\n", 3, 1 },
        { "':' with no key and no value", "x: y\n:\n", 2, 1 },
        { "':' first in brackets", "[: a]\n", 1, 2 },
        { "':' first in braces", "{: b}\n", 1, 2 },
        { "':' after a comma in brackets", "[x,  : b, y]\n", 1, 6 },
        { "second ':' after '?' in brackets", "[?  : : c]\n", 1, 7 },
        // Inside brackets every ':' that starts a token is a value indicator (check_value): after '?' the first of '::'
        // is the entry's, the second one is refused; after an entry's ':' the first of '::' is refused.
        { "'::' right after '?' in brackets", "[x, ?::, y]\n", 1, 7 },
        { "'::' and text right after '?' in brackets", "[x, ?::b, y]\n", 1, 7 },
        { "'::' and a quoted value right after '?' in brackets", "[x, ?:: 'b', y]\n", 1, 7 },
        { "'::' after an entry's ':' in brackets", "['a': :: b]\n", 1, 7 },
        // A node right after another in one entry inside brackets or braces, with no ',' or ':' between: PyYAML's parser
        // expects ',' or the closing bracket. After a quoted key or a flow collection YamlDotNet took the next node for
        // the value ('{"a"b, c}' read as {"a": "b", "c": null}, '{a: [b]c}' as {"a": ["b"], "c": null}).
        { "scalar right after a double-quoted key in braces", "{\"a\"b, c}\n", 1, 5 },
        { "scalar right after a flow sequence value in braces", "{a: [b]c}\n", 1, 8 },
        { "scalar right after a flow sequence key in braces", "{[a]b, c}\n", 1, 5 },
        { "scalar right after a double-quoted value in braces", "{a: \"b\"c}\n", 1, 8 },
        { "two single-quoted values in braces", "{a: 'b' 'c'}\n", 1, 9 },
        { "scalar right after a flow mapping value in braces", "{a: {b: c}d}\n", 1, 11 },
        { "two aliases as one value in braces", "x: &x v\nk: {a: *x *x}\n", 2, 11 },
        { "scalar right after a double-quoted key of a second entry", "k: {a: b, \"c\"d: e}\n", 1, 14 },
        { "scalar right after a double-quoted entry in brackets", "k: [\"a\"b]\n", 1, 8 },
        { "':' first in brackets, its value on the next line", "[:\n  [b]]\n", 1, 2 },
        // Plain '=' and '<<' (anywhere but as a key) resolve to YAML 1.1's value and merge tags, for which PyYAML's
        // safe loader has no constructor (resolver.py, constructor.py).
        { "plain '=' as a value", "k0: =\n", 1, 5 },
        { "plain '=' in brackets", "k0: [=]\n", 1, 6 },
        { "plain '<<' as a value", "k: <<\n", 1, 4 },
        { "plain '<<' as a list entry", "- <<\n", 1, 3 },
        // After '?' a key may span lines: this one is refused where PyYAML's constructor refuses it, not at its ':'.
        { "list key after '?' that spans two lines", "[ ? [a,\n b] : c ]\n", 1, 5 },
        // Inside brackets and braces PyYAML's scanner takes a key only if its ':' is on the line where it starts
        // (stale_possible_simple_keys), and its parser then rejects a ':' in an entry without a key; YamlDotNet read
        // these, or rejected them at the value after the ':'.
        { "':' on the line after a quoted key in braces", "{ \"a\"\n : b }\n", 2, 2 },
        { "':' on the line after a quoted entry in brackets", "[ \"a\"\n : b ]\n", 2, 2 },
        { "':' after a comment that follows the key", "k: {  \"\" # c\n : a]b, }\n", 2, 2 },
        { "':' after a list key that spans two lines", "{ [a,\n b]: c }\n", 2, 4 },
        { "':' on the line after the key's anchor", "{ &x\n a: b}\n", 2, 3 },
        { "second ':' in one entry", "{a: b: c}\n", 1, 6 },
        { "second ':' after an unclosed brace", "k: {en_US: x\nd: y\n", 2, 2 },
        // A '%' at the start of a line starts a directive wherever it stands (check_directive, scan_directive_name), and a
        // directive ends the document, so the next starts with '---' (parse_document_start); YamlDotNet skipped a
        // directive it did not know and reported a name it could not read at the '%'.
        { "directive name followed by ':'", "%a: v\n", 1, 3 },
        { "directive name followed by ',' in brackets", "[\n%a,\n]\n", 2, 3 },
        { "directive inside brackets", "[\n%a\n]\n", 2, 1 },
        { "directive without '---' after it", "%a\nk2: v\n", 2, 1 },
        { "directive and nothing after it", "%a\n", 2, 1 },
        { "YAML directive without '---' after it", "%YAML 1.1\na: 1\n", 2, 1 },
        { "directive in the middle of a document", "k: 1\n%a\nb: 2\n", 3, 1 },
        { "'...' before any document", "\n...\n", 2, 1 },
        // An alias's name ends where scan_anchor's does; YamlDotNet took "a#0o7" for the name.
        { "alias name with '#' in it", "k: *a#0o7\n", 1, 6 },
        // ...but at '?', ',', ']', '}', '%', '@' and '`' it ends the name and reads on: an alias of no anchor is then
        // refused at its start (composer.py), where YamlDotNet's longer name is refused too.
        { "alias name ended by '?' in braces, of no anchor", "{*x? }\n", 1, 2 },
    };

    /// <summary>
    /// Texts PyYAML reads with '?' or ':' as indicators where YamlDotNet reads them as text, or with an anchor's or
    /// alias's name ended at ':', or a lone '-' before ', ] }' (scanner.py: check_key, check_value and check_block_entry
    /// inside brackets and braces, scan_plain, scan_anchor). They were rejected; the compatibility pre-pass now puts a space where PyYAML's token ends, so both
    /// ways read PyYAML's value.
    /// </summary>
    [Theory]
    [InlineData("[?a]\n", "[{\"a\":null}]")]
    [InlineData("k: [?a>a, x]\n", "{\"k\":[{\"a>a\":null},\"x\"]}")]
    [InlineData("[a:]\n", "[{\"a\":null}]")]
    [InlineData("{a:}\n", "{\"a\":null}")]
    [InlineData("{a ::}\n", "{\"a :\":null}")]
    [InlineData("[a b:]\n", "[{\"a b\":null}]")]
    [InlineData("{a b :[b]}\n", "{\"a b\":[\"b\"]}")]
    [InlineData("[&x a::{b}]\n", "[{\"a:\":{\"b\":null}}]")]
    [InlineData("- &a:b\n", "[\":b\"]")]
    [InlineData("&x k: {*x: a}\n", "{\"k\":{\"k\":\"a\"}}")]
    [InlineData("{a : -}\n", "{\"a\":\"-\"}")]
    [InlineData("[x, a b:\n-, y]\n", "[\"x\",{\"a b\":\"-\"},\"y\"]")]
    [InlineData("[x, ?-, y]\n", "[\"x\",{\"-\":null},\"y\"]")]
    [InlineData("[\"a\":-]\n", "[{\"a\":\"-\"}]")]
    public void Yaml_where_PyYAML_ends_a_token_at_a_question_mark_or_colon_is_read_with_its_value(string yaml, string pyYamlValue) =>
        ReadsBothWays(yaml, pyYamlValue);

    /// <summary>
    /// After '?' inside brackets or braces PyYAML's scanner takes no second key (allow_simple_key), so a ':' on a later
    /// line is the explicit key's; YamlDotNet made up an empty key for that ':' and rejected the text. Directives before
    /// '---' are read and left alone.
    /// </summary>
    [Theory]
    [InlineData("{ ? a\n : b }\n", "{\"a\":\"b\"}")]
    [InlineData("[ ? a\n : b ]\n", "[{\"a\":\"b\"}]")]
    [InlineData("{ ? a\n  : b, c: d }\n", "{\"a\":\"b\",\"c\":\"d\"}")]
    [InlineData("%a\n--- a\n", "\"a\"")]
    [InlineData("%YAML 1.1\n---\na: 1\n", "{\"a\":1}")]
    public void Yaml_PyYAML_reads_with_a_colon_after_an_explicit_key_or_a_directive_is_read_with_its_value(string yaml, string pyYamlValue) =>
        ReadsBothWays(yaml, pyYamlValue);

    /// <summary>Both ways of reading, the fast reader and YamlDotNet after the pre-pass, read <paramref name="yaml"/> to PyYAML's value.</summary>
    private static void ReadsBothWays(string yaml, string pyYamlValue)
    {
        foreach (var (way, read) in BothWays)
        {
            var (root, error, _) = read(yaml);

            Assert.True(error is null, $"{way}: {error?.Message} at {error?.Start}");
            Assert.Equal(pyYamlValue, YamlJson.ToJson(root!));
        }
    }

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Yaml_that_PyYAML_rejects_is_rejected_at_the_same_place(string @case, string yaml, int line, int column)
    {
        var (_, error, _) = YamlTreeReader.Read(yaml);

        Assert.True(error is not null, $"{@case} was accepted");
        Assert.Equal((line, column), ((int)error.Start.Line, (int)error.Start.Column));
    }

    /// <summary>
    /// A ':' on a later line than its key that PyYAML reads: with text right after it, it goes on a plain key
    /// (scan_plain), which YamlDotNet reads alike.
    /// </summary>
    [Theory]
    [InlineData("[ a\n:b]\n", "[\"a :b\"]")]
    [InlineData("{ a\n:b}\n", "{\"a :b\":null}")]
    public void A_colon_on_the_line_after_its_key_is_read_where_PyYAML_reads_it(string yaml, string pyYamlValue) =>
        ReadsBothWays(yaml, pyYamlValue);

    /// <summary>An empty key after '?' is one PyYAML reads (as null); only a ':' with nothing before it is refused.</summary>
    [Theory]
    [InlineData("? \n: v\n")]
    [InlineData("?\n: v\n")]
    [InlineData("- ? \n  : v\n")]
    [InlineData("k:\n  ?\n  : v\n")]
    [InlineData("? a\n:\n")]
    public void An_empty_explicit_key_is_read(string yaml)
    {
        var (_, error, _) = YamlTreeReader.Read(yaml);

        Assert.Null(error);
    }

    /// <summary>
    /// '?' with no key after it inside brackets or braces, which PyYAML reads as a mapping with an empty key (None; the
    /// tree keeps a key's text, empty here, as it keeps '~' of '~: v'). Inside brackets YamlDotNet's parser skipped the
    /// token after such a '?' and then failed; with a ':' right after the '?' the tree took the ':' for one with no key.
    /// </summary>
    [Theory]
    [InlineData("[? : b]\n", "[{\"\":\"b\"}]")]
    [InlineData("[? :b]\n", "[{\"\":\"b\"}]")]
    [InlineData("[?: b]\n", "[{\"\":\"b\"}]")]
    [InlineData("[?:b]\n", "[{\"\":\"b\"}]")]
    [InlineData("{?:b}\n", "{\"\":\"b\"}")]
    [InlineData("[?:]\n", "[{\"\":null}]")]
    [InlineData("[?]\n", "[{\"\":null}]")]
    [InlineData("[? ]\n", "[{\"\":null}]")]
    [InlineData("[? : , x]\n", "[{\"\":null},\"x\"]")]
    [InlineData("k: [? : b]\n", "{\"k\":[{\"\":\"b\"}]}")]
    public void An_empty_explicit_key_in_brackets_or_braces_is_read_with_PyYAMLs_value(string yaml, string pyYamlValue) =>
        ReadsBothWays(yaml, pyYamlValue);

    /// <summary>
    /// An anchored value in braces with an entry after it. YamlDotNet 16.3's parser asked for the token after the
    /// anchored scalar twice, lost the ',' and rejected these texts, which PyYAML reads.
    /// </summary>
    [Theory]
    [InlineData("{ b: &x a, c: d }\n", "{\"b\":\"a\",\"c\":\"d\"}")]
    [InlineData("k: {b: &x a, c: *x}\n", "{\"k\":{\"b\":\"a\",\"c\":\"a\"}}")]
    [InlineData("k: {a: &x b, c: &y d, e: [*x, *y]}\n", "{\"k\":{\"a\":\"b\",\"c\":\"d\",\"e\":[\"b\",\"d\"]}}")]
    public void An_anchored_value_in_braces_before_another_entry_is_read_with_PyYAMLs_value(string yaml, string pyYamlValue) =>
        ReadsBothWays(yaml, pyYamlValue);

    /// <summary>An alias as an explicit key with no value needs no ':' after it; the tree refused it as a key missing its ':'.</summary>
    [Theory]
    [InlineData("k: [&n0 a, ? *n0]\n", "{\"k\":[\"a\",{\"a\":null}]}")]
    [InlineData("k: [&n0 a, ?*n0]\n", "{\"k\":[\"a\",{\"a\":null}]}")]
    [InlineData("k: [&n0 a, # c\n ? *n0, # c\n b ]\n", "{\"k\":[\"a\",{\"a\":null},\"b\"]}")]
    [InlineData("k: {a: &x b, ? *x}\n", "{\"k\":{\"a\":\"b\",\"b\":null}}")]
    public void An_alias_as_an_explicit_key_without_a_value_is_read_with_PyYAMLs_value(string yaml, string pyYamlValue) =>
        ReadsBothWays(yaml, pyYamlValue);

    [Fact]
    public void A_key_without_a_colon_is_reported_where_PyYAML_reports_it_and_named_where_it_stands()
    {
        var (_, error, _) = YamlTreeReader.Read("identity:\n  name: x\n  author\n  label: y\n");

        Assert.NotNull(error);
        Assert.StartsWith("the key at line 3, column 3 has no ':' after it; PyYAML", error.Message, StringComparison.Ordinal);
        Assert.Contains("Put ': ' after the key", error.Message, StringComparison.Ordinal);
        Assert.Equal((4, 3), ((int)error.Start.Line, (int)error.Start.Column));
    }

    [Fact]
    public void An_empty_key_where_the_block_should_end_is_reported_as_a_colon_without_a_key()
    {
        var (_, error, _) = YamlTreeReader.Read("k:\n  : v\n");

        Assert.NotNull(error);
        Assert.StartsWith("a ':' with no key before it cannot stand here", error.Message, StringComparison.Ordinal);
        Assert.Equal((2, 3), ((int)error.Start.Line, (int)error.Start.Column));
    }

    [Fact]
    public void Positions_after_a_re_indented_continuation_are_those_of_the_original_text()
    {
        const string yaml = "a: \"x\ny\"\nb: [1, 2\n";

        var (_, error, _) = YamlTreeReader.Read(yaml);

        Assert.NotNull(error);
        // The flow sequence opened on line 3 is never closed; PyYAML reports the end of the text, line 4 column 1.
        Assert.Equal(4, (int)error.Start.Line);
    }

    [Fact]
    public void Nodes_after_a_re_indented_continuation_keep_their_original_index_line_and_column()
    {
        const string yaml = "a: \"x\ny\"\nb: value\n";

        var (root, _, _) = YamlTreeReader.Read(yaml);

        var value = ((YamlMapping)root!).Get("b")!;
        Assert.Equal((long)yaml.IndexOf("value", StringComparison.Ordinal), value.Start.Index);
        Assert.Equal((3L, 4L), (value.Start.Line, value.Start.Column));
    }

    [Fact]
    public void A_merge_key_with_a_scalar_is_an_error_as_in_PyYAML()
    {
        var (_, error, _) = YamlTreeReader.Read("m:\n  <<: 1\n  y: 3\n");

        Assert.Contains("merge key", error!.Message, StringComparison.Ordinal);
    }
}
