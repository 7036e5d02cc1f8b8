using System.Text;
using Dify.Plugin.Generator.Helpers;
using Dify.Plugin.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Dify.Plugin.Generator.Tests;

/// <summary>
/// How manifest text is written into generated source: JSON as a raw literal where one can hold it (else escaped), and
/// comments escaped as they are copied. Each literal is compiled and its value compared with the text it came from.
/// </summary>
public sealed class CSharpLiteralTests
{
    [Theory]
    [InlineData("{\"type\":\"object\",\"required\":[\"query\"]}", "\"\"\"")]
    [InlineData("{\"a\":\"say \\\"hi\\\"\",\"b\":\"\\\\\"}", "\"\"\"")]
    [InlineData("{\"label\":\"获取README内容\",\"e\":\"\\uD83D\\uDE00 😀\"}", "\"\"\"")]
    [InlineData("{x\"\"\"y}", "\"\"\"\"")]
    [InlineData("[\"\"\"\"\"]", "\"\"\"\"\"\"")]
    public void Json_without_line_breaks_or_control_characters_is_a_raw_literal_that_nothing_inside_can_close(string json, string delimiter)
    {
        var literal = CSharpLiterals.AppendJson(new StringBuilder(), json).ToString();

        Assert.Equal(delimiter + json + delimiter, literal);
        Assert.Equal(json, Compile(literal));
        Assert.Equal(Encoding.UTF8.GetBytes(json), CompileUtf8(literal));
    }

    [Theory]
    [InlineData("{\"a\":\"x\u2028y\"}")]
    [InlineData("{\"a\":\"x\u2029y\"}")]
    [InlineData("{\"a\":\"x\u0085y\"}")]
    [InlineData("{\"a\":\"x\ry\"}")]
    [InlineData("{\"a\":\"x\ny\"}")]
    [InlineData("{\"a\":\"x\u0001y\"}")]
    [InlineData("{\"a\":\"x\u007Fy\"}")]
    [InlineData("\"starts with a quote}")]
    [InlineData("{ends with a quote\"")]
    [InlineData("")]
    public void Json_a_raw_literal_cannot_hold_is_escaped_as_any_string(string json)
    {
        var literal = CSharpLiterals.AppendJson(new StringBuilder(), json).ToString();

        Assert.Equal(CSharpLiterals.String(json), literal);
        Assert.True(literal.IndexOfAny(['\r', '\n', '\u0085', '\u2028', '\u2029']) < 0, "a line terminator is left raw");
        Assert.Equal(json, Compile(literal));
    }

    [Theory]
    [InlineData("plain text", false, "plain text")]
    [InlineData("  padded\t", false, "padded")]
    [InlineData("\u0001 control at both ends \u0002", false, "control at both ends")]
    [InlineData("line\u2028break\rand\u0085more", false, "line break and more")]
    [InlineData("a < b && c > d", true, "a &lt; b &amp;&amp; c &gt; d")]
    [InlineData("a < b", false, "a < b")]
    [InlineData("\u2029", false, "")]
    public void Comment_text_is_trimmed_kept_on_its_line_and_escaped_for_xml_docs(string text, bool xml, string expected)
    {
        Assert.Equal(expected, xml ? CSharpLiterals.Xml(text) : CSharpLiterals.Comment(text));
        Assert.Equal(expected, CSharpLiterals.AppendComment(new StringBuilder("//"), text, xml).ToString(2, expected.Length));
    }

    [Fact]
    public void A_lone_surrogate_is_escaped_in_json_and_replaced_in_comments()
    {
        // Built in code: an attribute argument cannot carry a lone surrogate (metadata stores its strings as UTF-8).
        var json = "{\"a\":\"x" + '\uD800' + "y\"}";
        var literal = CSharpLiterals.AppendJson(new StringBuilder(), json).ToString();
        Assert.Equal(CSharpLiterals.String(json), literal);
        Assert.Equal(json, Compile(literal));

        Assert.Equal("lone \uFFFD and pair 😀", CSharpLiterals.Comment("lone " + '\uD800' + " and pair 😀"));
        Assert.Equal("tail \uFFFD", CSharpLiterals.AppendComment(new StringBuilder(), "tail " + '\uDC00', xml: true).ToString());
    }

    [Fact]
    public void Comment_text_that_needs_no_change_is_returned_as_is()
    {
        const string text = "Search the web: 网络搜索";

        Assert.Same(text, CSharpLiterals.Xml(text));
        Assert.Same(text, CSharpLiterals.Comment(text));
    }

    private static string Compile(string literal)
    {
        var field = (IFieldSymbol)Type($"const string S = {literal};").GetMembers("S").Single();
        return (string)field.ConstantValue!;
    }

    private static byte[] CompileUtf8(string literal)
    {
        // A u8 literal's bytes: the compiler rejects one whose text is not valid UTF-16 (CS9026), so compiling is the check.
        Type($"static System.ReadOnlySpan<byte> S => {literal}u8;");
        return Encoding.UTF8.GetBytes(Compile(literal));
    }

    private static INamedTypeSymbol Type(string member)
    {
        var tree = CSharpSyntaxTree.ParseText($"class C {{ {member} }}", GeneratorHarness.ParseOptions);
        var compilation = GeneratorHarness.CreateCompilation([]).AddSyntaxTrees(tree);
        Assert.Empty(compilation.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error));
        return compilation.GetTypeByMetadataName("C")!;
    }
}
