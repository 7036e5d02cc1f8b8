using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Sdk;

namespace Dify.Plugin.Tests;

/// <summary>Hand-written expected JSON under Golden/, compared structurally with a readable report.</summary>
internal static class GoldenJson
{
    public static JsonNode Load(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", name)))!;

    public static void AssertEqual(JsonNode expected, JsonNode? actual)
    {
        var differences = new List<string>();
        Compare("$", expected, actual, differences);
        if (differences.Count > 0)
        {
            throw new XunitException(
                "JSON differs from the golden file:\n  " + string.Join("\n  ", differences)
                + "\nactual:\n" + actual?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
    }

    private static void Compare(string path, JsonNode? expected, JsonNode? actual, List<string> differences)
    {
        switch (expected)
        {
            case null when actual is null:
                return;
            case null:
                differences.Add($"{path}: expected null, got {actual!.ToJsonString()}");
                return;
            case JsonObject expectedObject when actual is JsonObject actualObject:
                foreach (var (key, value) in expectedObject)
                {
                    if (!actualObject.ContainsKey(key))
                    {
                        differences.Add($"{path}.{key}: missing (expected {value?.ToJsonString() ?? "null"})");
                    }
                    else
                    {
                        Compare($"{path}.{key}", value, actualObject[key], differences);
                    }
                }

                foreach (var (key, value) in actualObject)
                {
                    if (!expectedObject.ContainsKey(key))
                    {
                        differences.Add($"{path}.{key}: unexpected field {value?.ToJsonString() ?? "null"}");
                    }
                }

                return;
            case JsonArray expectedArray when actual is JsonArray actualArray:
                if (expectedArray.Count != actualArray.Count)
                {
                    differences.Add($"{path}: expected {expectedArray.Count} items, got {actualArray.Count}");
                    return;
                }

                for (var i = 0; i < expectedArray.Count; i++)
                {
                    Compare($"{path}[{i}]", expectedArray[i], actualArray[i], differences);
                }

                return;
            case JsonValue when actual is JsonValue:
                if (!JsonNode.DeepEquals(expected, actual))
                {
                    differences.Add($"{path}: expected {expected.ToJsonString()}, got {actual.ToJsonString()}");
                }

                return;
            default:
                differences.Add($"{path}: expected {expected.ToJsonString()}, got {actual?.ToJsonString() ?? "null"}");
                return;
        }
    }
}
