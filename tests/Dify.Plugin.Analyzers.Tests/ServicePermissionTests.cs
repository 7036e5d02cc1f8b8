using Dify.Plugin.Analyzers.Tests.Infrastructure;
using Dify.Plugin.CodeFixes;
using Dify.Plugin.Generator.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using static Dify.Plugin.Analyzers.Tests.Manifests;

namespace Dify.Plugin.Analyzers.Tests;

/// <summary>DIFY2008: tool, app, node and storage calls against manifest.yaml's resource.permission, and its fix.</summary>
public sealed class ServicePermissionTests
{
    private const string ModelOnly = "      enabled: true\n      llm: true";

    private const string EveryService = ModelOnly
        + "\n    tool:\n      enabled: true\n    app:\n      enabled: true\n    node:\n      enabled: true\n    storage:\n      enabled: true\n      size: 1048576";

    private const string ToolCalls = """
                await foreach (var message in Session.Tool.{|DIFY2008:InvokeBuiltinToolAsync|}("langgenius/google/google", "google_search", new JsonObject()))
                {
                    yield return message;
                }

        """;

    private const string AppCalls = """
                var answer = await Session.App.Chat.{|DIFY2008:InvokeAsync|}("app-1", parameters.Prompt, new JsonObject());
                await foreach (var appEvent in Session.App.Workflow.{|DIFY2008:InvokeStreamingAsync|}("wf-1", new JsonObject()))
                {
                }

                var app = await Session.App.{|DIFY2008:FetchAppAsync|}("app-1");

        """;

    private const string NodeCalls = """
                var classified = await Session.WorkflowNode.QuestionClassifier.{|DIFY2008:InvokeAsync|}([new ClassConfig("1", "billing")], parameters.Model, parameters.Prompt);
                var extracted = await Session.WorkflowNode.ParameterExtractor.{|DIFY2008:InvokeAsync|}([new ParameterConfig("city", ExtractedParameterType.String)], parameters.Model, parameters.Prompt);

        """;

    private const string StorageCalls = """
                await Session.Storage.{|DIFY2008:SetStringAsync|}("k", parameters.Prompt);
                var exists = await Session.Storage.{|DIFY2008:ExistsAsync|}("k");
                var value = await Session.Storage.{|DIFY2008:GetAsync|}("k");
                await Session.Storage.{|DIFY2008:DeleteAsync|}("k");

        """;

    private const string UploadCall = """
                var file = await Session.File.UploadAsync("a.txt", new byte[] { 1 }, "text/plain");
                yield return file.ToMessage();

        """;

    private static string Source(string body) =>
        AnalyzerHarness.Usings + "using System.Text.Json.Nodes;\n\n" + ToolClassStart + body + ToolClassEnd;

    [Fact]
    public Task Each_service_call_needs_its_permission_and_upload_needs_none() => AnalyzerHarness.VerifyAsync(
        Source(ToolCalls + AppCalls + NodeCalls + StorageCalls + UploadCall),
        Tool("llm"), PluginManifest(ModelOnly));

    [Fact]
    public Task Granted_permissions_report_nothing() => AnalyzerHarness.VerifyAsync(
        AnalyzerHarness.Unmarked(Source(ToolCalls + AppCalls + NodeCalls + StorageCalls + UploadCall)),
        Tool("llm"), PluginManifest(EveryService));

    [Fact]
    public Task Enabled_false_denies_the_service() => AnalyzerHarness.VerifyAsync(
        Source(AppCalls) + "\n" + AnalyzerHarness.Unmarked(""),
        Tool("llm"), PluginManifest(ModelOnly + "\n    app:\n      enabled: false\n    tool:\n      enabled: true"));

    [Theory]
    [InlineData("    storage:\n      enabled: true")]
    [InlineData("    storage:\n      enabled: true\n      size: 512")]
    [InlineData("    storage:\n      enabled: true\n      size: 2147483648")]
    [InlineData("    storage:\n      size: 1048576")]
    public Task Storage_needs_enabled_and_a_size_the_daemon_accepts(string storage) => AnalyzerHarness.VerifyAsync(
        Source(StorageCalls),
        Tool("llm"), PluginManifest(ModelOnly + "\n" + storage));

    [Fact]
    public async Task Storage_enabled_without_a_size_says_the_daemon_refuses_the_manifest()
    {
        await AnalyzerHarness.VerifyAsync(
            [Source("""
                await Session.Storage.{|#0:SetAsync|}("k", new byte[] { 1 });

        """)],
            [Tool("llm"), PluginManifest(ModelOnly + "\n    storage:\n      enabled: true")],
            new DiagnosticResult("DIFY2008", DiagnosticSeverity.Warning).WithLocation(0).WithMessage(
                "Session.Storage.SetAsync needs resource.permission.storage.enabled and a storage.size of 1024 to 1073741824 bytes in manifest.yaml; "
                + "without a size in that range Dify's daemon rejects manifest.yaml when it reads the plugin package"));
    }

    [Fact]
    public async Task Message_quotes_Difys_permission_error()
    {
        await AnalyzerHarness.VerifyAsync(
            [Source(ToolCalls.Replace("{|DIFY2008:", "{|#0:", StringComparison.Ordinal))],
            [Tool("llm"), PluginManifest(ModelOnly)],
            new DiagnosticResult("DIFY2008", DiagnosticSeverity.Warning).WithLocation(0).WithMessage(
                "Session.Tool.InvokeBuiltinToolAsync needs resource.permission.tool.enabled in manifest.yaml; "
                + "without it Dify answers \"permission denied, you need to enable tool access in plugin manifest\""));
    }

    [Fact]
    public Task App_selector_value_flows_into_the_app_call_as_the_generated_type() => AnalyzerHarness.VerifyAsync(
        Source("""
                AppSelection app = parameters.App;
                var answer = await Session.App.Chat.{|DIFY2008:InvokeAsync|}(app, parameters.Prompt, cancellationToken: cancellationToken);
                await foreach (var appEvent in Session.App.Workflow.{|DIFY2008:InvokeStreamingAsync|}(parameters.App, cancellationToken: cancellationToken))
                {
                }

        """),
        Tool("llm", extraParameters: "  - name: app\n    type: app-selector\n    required: true\n    label:\n      en_US: App\n    human_description:\n      en_US: The app\n    form: form"),
        PluginManifest(ModelOnly));

    [Fact]
    public Task Services_reached_through_locals_are_checked_too() => AnalyzerHarness.VerifyAsync(
        Source("""
                var storage = Session.Storage;
                await storage.{|DIFY2008:SetStringAsync|}("k", "v");

        """),
        Tool("llm"), PluginManifest(ModelOnly));

    [Fact]
    public Task Without_a_manifest_nothing_is_assumed() => AnalyzerHarness.VerifyAsync(
        AnalyzerHarness.Unmarked(Source(ToolCalls + StorageCalls)),
        Tool("llm"));

    [Fact]
    public Task Calls_made_only_in_a_test_project_are_not_reported() => AnalyzerHarness.VerifyAsync(
        [
            AnalyzerHarness.Usings + """
            using System.Text.Json.Nodes;
            using Dify.Plugin.Testing;

            namespace MyPlugin.Tests;

            public sealed class NotebookTests
            {
                [Xunit.Fact]
                public async Task Reads_what_it_stored()
                {
                    var test = new TestSession();
                    await test.Session.Storage.SetStringAsync("k", "v");
                    _ = await test.Session.Storage.GetStringAsync("k");
                    _ = await test.Session.App.Chat.InvokeAsync("app-1", "q", new JsonObject());
                }
            }
            """,
            "namespace Xunit { public sealed class FactAttribute : System.Attribute { } }",
        ],
        PluginManifest(ModelOnly));

    /// <summary>
    /// The fix on Microsoft.CodeAnalysis.Testing: one manifest edit clears every marked call (so one iteration, and no
    /// FixAll: the provider has none), the exact manifest after it, and the fixed project checked with the generator's analyzer.
    /// </summary>
    private static async Task<List<string>> VerifyFixAsync(string calls, string permissionBefore, string permissionAfter)
    {
        var titles = new List<string>();
        var test = new DifyCodeFixTest<ServicePermissionAnalyzer, ServicePermissionCodeFixProvider>(
            [Tool("llm"), PluginManifest(ModelOnly + permissionBefore)],
            [Source(calls)],
            [Tool("llm"), PluginManifest(ModelOnly + permissionAfter)],
            [AnalyzerHarness.Unmarked(Source(calls))])
        {
            NumberOfIncrementalIterations = 1,
            CodeFixTestBehaviors = CodeFixTestBehaviors.SkipFixAllCheck,
            CodeActionVerifier = (action, _) => titles.Add(action.Title),
        };

        await test.RunAsync();
        Assert.NotEmpty(titles);
        return titles;
    }

    [Theory]
    [InlineData("tool", ToolCalls)]
    [InlineData("app", AppCalls)]
    [InlineData("node", NodeCalls)]
    public async Task Fix_enables_the_service_in_the_manifest(string permission, string calls)
    {
        var titles = await VerifyFixAsync(calls, "", $"\n    {permission}:\n      enabled: true");

        Assert.Equal($"Enable the '{permission}' permission in manifest.yaml", Assert.Single(titles.Distinct()));
    }

    [Theory]
    [InlineData("", "\n    storage:\n      enabled: true\n      size: 1048576", " with a size of 1048576 bytes")]
    [InlineData("\n    storage:\n      enabled: false  # off for now\n      size: 4096", "\n    storage:\n      enabled: true  # off for now\n      size: 4096", "")]
    [InlineData("\n    storage:\n      enabled: true\n      size: 100", "\n    storage:\n      enabled: true\n      size: 1048576", " with a size of 1048576 bytes")]
    [InlineData("\n    storage:\n      enabled: true", "\n    storage:\n      enabled: true\n      size: 1048576", " with a size of 1048576 bytes")]
    public async Task Fix_enables_storage_and_sets_a_size_only_when_needed(string before, string after, string size)
    {
        var titles = await VerifyFixAsync(StorageCalls, before, after);

        Assert.Equal($"Enable the 'storage' permission{size} in manifest.yaml", Assert.Single(titles.Distinct()));
    }
}
