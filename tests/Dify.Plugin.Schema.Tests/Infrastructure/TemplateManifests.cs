using Dify.Plugin.Generator.Model;
using Dify.Plugin.Schema.Tests.Schemas;

namespace Dify.Plugin.Schema.Tests.Infrastructure;

/// <summary>
/// The dify-plugin template's manifests as a new project has them once built: each begins with the lines that name its
/// schema in obj/dify-schemas/ (where the package's build copies the schemas), for yaml-language-server and for
/// JetBrains IDEs.
/// </summary>
internal static class TemplateManifests
{
    public const string SchemaFolder = "obj/dify-schemas/";

    /// <summary>The first lines of a manifest at <paramref name="relativePath"/> in the project, naming its schema relative to itself.</summary>
    public static string Header(string relativePath, string schemaFile)
    {
        var up = string.Concat(Enumerable.Repeat("../", relativePath.Count(character => character == '/')));
        var path = up + SchemaFolder + schemaFile;
        return $"# yaml-language-server: $schema={path}\n# $schema: {path}\n";
    }

    /// <summary>
    /// The template's manifest.yaml, provider and tools, copied into a new project folder beside a copy of the schemas,
    /// and the template's tool with a misspelt type as tools/misspelt.yaml; each must begin with its schema's lines.
    /// </summary>
    public static IReadOnlyList<ManifestUnderTest> WriteProject(string projectFolder)
    {
        var template = Path.Combine(SchemaPaths.Root, "src", "Templates", "content", "dify-plugin", "MyPlugin");
        Directory.CreateDirectory(Path.Combine(projectFolder, SchemaFolder));
        foreach (var schema in Directory.GetFiles(SchemaPaths.Schemas))
        {
            File.Copy(schema, Path.Combine(projectFolder, SchemaFolder, Path.GetFileName(schema)), overwrite: true);
        }

        var tool = Path.Combine(template, "tools", "hello.yaml");
        var files = new (string Path, string Source, ManifestKind Kind, string Schema, Func<string, string> Edit)[]
        {
            ("manifest.yaml", Path.Combine(template, "manifest.yaml"), ManifestKind.Plugin, ManifestSchemas.PluginFile, text => text),
            ("provider/myplugin_id.yaml", Path.Combine(template, "provider", "myplugin_id.yaml"), ManifestKind.Provider, ManifestSchemas.ProviderFile, text => text),
            ("tools/hello.yaml", tool, ManifestKind.Tool, ManifestSchemas.ToolFile, text => text),
            ("tools/summary.yaml", Path.Combine(template, "tools", "summary.yaml"), ManifestKind.Tool, ManifestSchemas.ToolFile, text => text),
            ("tools/misspelt.yaml", tool, ManifestKind.Tool, ManifestSchemas.ToolFile, text => text.Replace("type: string", "type: strng", StringComparison.Ordinal)),
        };
        return files.Select(file =>
        {
            var text = file.Edit(File.ReadAllText(file.Source).ReplaceLineEndings("\n"));
            var header = Header(file.Path, file.Schema);
            if (!text.StartsWith(header, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{file.Source} must begin with the lines that name its schema, so that editors apply it:\n{header}");
            }

            var path = Path.Combine(projectFolder, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            return new ManifestUnderTest("template/" + file.Path, path.Replace('\\', '/'), file.Kind, text);
        }).ToArray();
    }
}
