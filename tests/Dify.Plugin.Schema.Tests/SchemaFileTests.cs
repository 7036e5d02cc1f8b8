using Dify.Plugin.Schema.Tests.Infrastructure;
using Dify.Plugin.Schema.Tests.Schemas;
using Xunit;

namespace Dify.Plugin.Schema.Tests;

/// <summary>The schemas in <c>schemas/</c> are exactly what the generator's rule tables produce.</summary>
public sealed class SchemaFileTests
{
    private const string Regenerate = "DIFY_ACCEPT_SNAPSHOTS=1 dotnet test tests/Dify.Plugin.Schema.Tests --filter SchemaFileTests";

    [Fact]
    public void Checked_in_schemas_match_the_generators_rule_tables()
    {
        var accept = Environment.GetEnvironmentVariable("DIFY_ACCEPT_SNAPSHOTS") == "1";
        var stale = new List<string>();
        foreach (var (fileName, text) in ManifestSchemas.Files())
        {
            var path = Path.Combine(SchemaPaths.Schemas, fileName);
            var existing = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : null;
            if (existing == text)
            {
                continue;
            }

            if (accept)
            {
                Directory.CreateDirectory(SchemaPaths.Schemas);
                File.WriteAllText(path, text);
            }
            else
            {
                stale.Add($"schemas/{fileName} {(existing is null ? "is missing" : "differs from what ManifestVocabulary produces")}");
            }
        }

        Assert.True(stale.Count == 0, string.Join("\n", stale) + $"\nRegenerate with: {Regenerate} (and review the diff).");
    }

    [Fact]
    public void Only_the_written_schemas_are_in_the_schemas_folder()
    {
        var expected = ManifestSchemas.Files().Select(file => file.FileName).Order(StringComparer.Ordinal);
        var actual = Directory.GetFiles(SchemaPaths.Schemas).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(expected, actual);
    }
}
