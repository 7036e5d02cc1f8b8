using System.Text.RegularExpressions;
using Dify.Plugin.Generator.Analyzers;
using Microsoft.CodeAnalysis.Testing;

namespace Dify.Plugin.Analyzers.Tests.Infrastructure;

/// <summary>
/// The analyzer tests' entry points. <see cref="VerifyAsync(string[], ValueTuple{string, string}[], DiagnosticResult[])"/>
/// runs Microsoft.CodeAnalysis.Testing (<see cref="DifyAnalyzerTest{TAnalyzer}"/>): sources use its markup
/// <c>{|DIFY2001:text|}</c>, manifests travel as additional files, the generator runs first as in a real build. The
/// code-fix tests run on the same framework through <see cref="DifyCodeFixTest{TAnalyzer, TCodeFix}"/>.
/// </summary>
internal static class AnalyzerHarness
{
    private static readonly Regex Markup = new(@"\{\|(?<id>DIFY\d{4}):(?<text>.*?)\|\}", RegexOptions.Singleline);

    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Tasks;
        using Dify.Plugin;

        """;

    /// <summary>The source without its <c>{|DIFY2001:text|}</c> markup: the text a fix that changes no C# leaves.</summary>
    public static string Unmarked(string markup) => Markup.Replace(markup, "${text}");

    /// <summary>
    /// Checks with Microsoft.CodeAnalysis.Testing that the usage analyzers report exactly the marked diagnostics (and
    /// <paramref name="expected"/>), and that the code compiles with the generated records.
    /// </summary>
    public static Task VerifyAsync(string[] markupSources, (string Path, string Text)[] manifests, params DiagnosticResult[] expected)
    {
        var test = new DifyAnalyzerTest<DifyUsageAnalyzer>(manifests, markupSources, new ServicePermissionAnalyzer());
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    public static Task VerifyAsync(string markupSource, params (string Path, string Text)[] manifests) =>
        VerifyAsync([markupSource], manifests);

    public static Task VerifyAsync(string[] markupSources, params (string Path, string Text)[] manifests) =>
        VerifyAsync(markupSources, manifests, []);
}
