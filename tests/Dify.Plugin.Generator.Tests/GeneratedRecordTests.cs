using Dify.Plugin.Generator.Emit;
using Dify.Plugin.Generator.Parsing;
using Xunit;

namespace Dify.Plugin.Generator.Tests;

/// <summary>
/// The generator writes a tool's file once, with the declaration, and cuts the other forms from it when the project
/// needs them (<see cref="Model.GeneratedRecord"/>). Over every tool manifest of the corpus, each cut must be exactly
/// what the emitters write for that form.
/// </summary>
public sealed class GeneratedRecordTests
{
    [Fact]
    public void The_record_without_its_declaration_and_the_declaration_alone_are_what_the_emitters_write_for_them()
    {
        var corpus = Path.Combine(CorpusTests.CorpusDirectory(), "tools");
        var checkedRecords = 0;
        foreach (var path in Directory.GetFiles(corpus, "*.yaml", SearchOption.AllDirectories).Where(path => path.Contains("/tools/", StringComparison.Ordinal) && !path.Contains("/provider/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var result = ToolManifestParser.Parse(path, "tools/" + Path.GetFileName(path), File.ReadAllText(path), CancellationToken.None);
            if (result.Value is not { } tool || result.Declaration is not { } declaration)
            {
                continue;
            }

            var record = ParametersEmitter.Emit(tool, "Corpus.Plugin", declaration);

            Assert.Equal(ParametersEmitter.Emit(tool, "Corpus.Plugin").Text, record.For(plugin: false));
            Assert.Equal(record.Text, record.For(plugin: true));
            Assert.Equal(DeclarationEmitter.Emit(declaration, "Corpus.Plugin"), record.DeclarationOnly());
            checkedRecords++;
        }

        Assert.True(checkedRecords >= 470, $"expected the corpus's tool manifests, checked {checkedRecords}");
    }

    [Fact]
    public void A_record_written_without_a_declaration_has_no_declaration_to_cut()
    {
        var text = SnapshotTests.RepositoryFile("samples/LlmTool/tools/llm.yaml");
        var tool = ToolManifestParser.Parse("tools/llm.yaml", "tools/llm.yaml", text, CancellationToken.None).Value!;

        var record = ParametersEmitter.Emit(tool, "MyPlugin");

        Assert.Equal(record.Text, record.For(plugin: true));
        Assert.Equal(record.Text, record.For(plugin: false));
        Assert.Null(record.DeclarationOnly());
    }
}
