using System.Text;
using System.Text.Json;
using Dify.Plugin.Hosting;
using Dify.Plugin.Generator.Model;
using Dify.Plugin.Generator.Parsing;
using Xunit;

namespace Dify.Plugin.Generator.Tests;

/// <summary>
/// The declarations the generator emits, against JSON written from the Python SDK's entity classes
/// (<c>Declarations/SPEC.md</c>, langgenius/dify-plugin-sdks at 28d1d22), never from our serializer: same keys in
/// the same order, same values, ints and floats written alike.
/// </summary>
public sealed class DeclarationGoldenTests
{
    private static string Cases => Path.Combine(Path.GetDirectoryName(SnapshotTests.RepositoryFilePath("README.md"))!, "tests", "Dify.Plugin.Generator.Tests", "Declarations");

    [Theory]
    [InlineData("map_credentials")]
    [InlineData("list_credentials")]
    [InlineData("list_credentials_for_provider")]
    [InlineData("oauth")]
    [InlineData("coercions")]
    public void Providers_are_declared_as_the_SDK_declares_them(string @case)
    {
        var root = Path.Combine(Cases, @case + ".input");
        var providerFile = Directory.GetFiles(Path.Combine(root, "provider"), "*.yaml").Single();
        var provider = SupportingManifestParser.ParseProvider(providerFile, "provider/" + Path.GetFileName(providerFile), File.ReadAllText(providerFile), CancellationToken.None).Declaration!;
        var tools = provider.References
            .Select(path => Path.Combine(root, path))
            .Where(File.Exists)
            .Select(path => ToolManifestParser.Parse(path, Path.GetRelativePath(root, path), File.ReadAllText(path), CancellationToken.None).Declaration!)
            .ToArray();

        // Composed as the host composes it at registration.
        var registration = new ProviderRegistration(
            provider.Name!,
            Encoding.UTF8.GetBytes(provider.Json),
            Encoding.UTF8.GetBytes(provider.JsonAfterTools!),
            null,
            tools.Select(tool => new ToolRegistration(tool.Name!, null, null, Encoding.UTF8.GetBytes(tool.Json))).ToArray());

        AssertSameJson(Expected(@case), Encoding.UTF8.GetString(registration.Declaration()));
    }

    [Theory]
    [InlineData("every_permission")]
    [InlineData("manifest_defaults")]
    public void Plugin_manifests_are_declared_as_the_SDK_declares_them(string @case)
    {
        var path = Path.Combine(Cases, @case + ".input", "manifest.yaml");

        var manifest = SupportingManifestParser.ParsePlugin(path, "manifest.yaml", File.ReadAllText(path), CancellationToken.None).Declaration!;

        AssertSameJson(Expected(@case), manifest.Json);
    }

    [Fact]
    public void A_tool_with_every_parameter_type_is_declared_as_the_SDK_declares_it()
    {
        var path = Path.Combine(Cases, "every_parameter_type.input", "tools", "every_type.yaml");

        var tool = ToolManifestParser.Parse(path, "tools/every_type.yaml", File.ReadAllText(path), CancellationToken.None).Declaration!;

        AssertSameJson(Expected("every_parameter_type"), tool.Json);
    }

    private static string Expected(string @case) => File.ReadAllText(Path.Combine(Cases, @case + ".expected.json"));

    private static void AssertSameJson(string expected, string actual)
    {
        using var expectedDocument = JsonDocument.Parse(expected);
        using var actualDocument = JsonDocument.Parse(actual);
        var difference = Difference(expectedDocument.RootElement, actualDocument.RootElement, "$");
        Assert.True(difference is null, $"{difference}\n--- actual ---\n{actual}");
    }

    /// <summary>The first place the two differ, key order included; numbers compared as written (5 is not 5.0).</summary>
    private static string? Difference(JsonElement expected, JsonElement actual, string path)
    {
        if (expected.ValueKind != actual.ValueKind)
        {
            return $"{path}: expected {expected.ValueKind} {expected.GetRawText()}, got {actual.ValueKind} {actual.GetRawText()}";
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedProperties = expected.EnumerateObject().ToArray();
                var actualProperties = actual.EnumerateObject().ToArray();
                var expectedKeys = string.Join(",", expectedProperties.Select(property => property.Name));
                var actualKeys = string.Join(",", actualProperties.Select(property => property.Name));
                if (expectedKeys != actualKeys)
                {
                    return $"{path}: expected keys [{expectedKeys}], got [{actualKeys}]";
                }

                return expectedProperties.Zip(actualProperties)
                    .Select(pair => Difference(pair.First.Value, pair.Second.Value, path + "." + pair.First.Name))
                    .FirstOrDefault(difference => difference is not null);
            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength())
                {
                    return $"{path}: expected {expected.GetArrayLength()} items, got {actual.GetArrayLength()}";
                }

                return expected.EnumerateArray().Zip(actual.EnumerateArray())
                    .Select((pair, index) => Difference(pair.First, pair.Second, $"{path}[{index}]"))
                    .FirstOrDefault(difference => difference is not null);
            case JsonValueKind.String:
                return expected.GetString() == actual.GetString() ? null : $"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}";
            default:
                return expected.GetRawText() == actual.GetRawText() ? null : $"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}";
        }
    }
}
