using System.Text.Json.Nodes;
using Dify.Plugin.IntegrationTests.Generated;
using Xunit;

namespace Dify.Plugin.IntegrationTests;

/// <summary>The generated <c>Bind</c> of a manifest with every parameter type, compiled by the real build.</summary>
public sealed class BindingTests
{
    private const string Model = """{"provider": "langgenius/openai/openai", "model": "gpt-4o", "model_type": "llm", "mode": "chat", "completion_params": {"temperature": 0.3}}""";

    [Fact]
    public void Values_are_cast_the_way_Dify_casts_them()
    {
        var parameters = EveryTypeParameters.Bind(ToolParameters.Parse($$"""
            {
              "query": "cats",
              "api_token": "secret",
              "max_results": "12",
              "temperature": 1,
              "safe_search": "no",
              "language": "1",
              "regions": ["eu"],
              "document": {"dify_model_identity": "__dify__file__", "url": "https://files/a.pdf", "type": "document", "filename": "a.pdf", "mime_type": "application/pdf", "size": 3},
              "images": [{"url": "https://files/b.png", "type": "image"}],
              "model": {{Model}},
              "embedding": {"provider": "openai", "model": "text-embedding-3-small", "model_type": "text-embedding"},
              "voice": {"provider": "openai", "model": "tts-1", "model_type": "tts", "voice": "alloy"},
              "app": {"app_id": "app-1", "inputs": {"x": 1}, "files": []},
              "filters": {"lang": "de"},
              "tags": ["a", "b"],
              "channel": "general",
              "channels": ["a", "b"],
              "agree": "true",
              "since": "2026-02-03",
              "period": {"start": "2026-01-01", "end": "2026-01-31T12:00:00Z"}
            }
            """));

        Assert.Equal("cats", parameters.Query);
        Assert.Equal("secret", parameters.ApiToken);
        Assert.Equal(12d, parameters.MaxResults);
        Assert.Equal(1d, parameters.Temperature);
        Assert.False(parameters.SafeSearch);
        Assert.Equal(EveryTypeParameters.LanguageOption.Value1, parameters.Language);
        Assert.Equal("1", EveryTypeParameters.ToWireValue(parameters.Language));
        Assert.Equal([EveryTypeParameters.RegionsOption.Eu], parameters.Regions);
        Assert.Equal(("a.pdf", DifyFileType.Document, 3L), (parameters.Document!.Filename, parameters.Document.Type, parameters.Document.Size));
        Assert.Equal("https://files/b.png", Assert.Single(parameters.Images!).Url);
        Assert.Equal(("langgenius/openai/openai", "gpt-4o", "chat"), (parameters.Model.Provider, parameters.Model.Model, parameters.Model.Mode));
        Assert.Equal(0.3, (double)parameters.Model.CompletionParams["temperature"]!);
        Assert.Equal("text-embedding-3-small", parameters.Embedding!.Model);
        Assert.Equal("alloy", parameters.Voice!.Voice);
        Assert.Null(parameters.Reranker);
        Assert.Equal("app-1", parameters.App!.AppId);
        Assert.Equal("de", parameters.Filters.GetProperty("lang").GetString());
        Assert.Equal(2, parameters.Tags!.Value.GetArrayLength());
        Assert.Equal("general", parameters.Channel);
        Assert.Equal(["a", "b"], parameters.Channels);
        Assert.True(parameters.Agree);
        Assert.Equal(new DateOnly(2026, 2, 3), parameters.Since);
        Assert.Equal(new DateRange(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31)), parameters.Period);
    }

    [Fact]
    public void Defaults_apply_when_Dify_sends_nothing_or_empty_strings()
    {
        var parameters = EveryTypeParameters.Bind(ToolParameters.Parse($$"""{"query": "x", "model": {{Model}}, "max_results": "", "language": null}"""));

        Assert.Equal(5d, parameters.MaxResults);
        Assert.Equal(0.7, parameters.Temperature);
        Assert.True(parameters.SafeSearch);
        Assert.Equal(EveryTypeParameters.LanguageOption.ZhCn, parameters.Language);
        Assert.Equal("zh-CN", EveryTypeParameters.ToWireValue(parameters.Language));
        Assert.Equal([EveryTypeParameters.RegionsOption.Us, EveryTypeParameters.RegionsOption.Eu], parameters.Regions);
        Assert.Equal("en", parameters.Filters.GetProperty("lang").GetString());
        Assert.False(parameters.Agree);
        Assert.Equal(new DateOnly(2026, 1, 31), parameters.Since);
        Assert.Null(parameters.ApiToken);
        Assert.Null(parameters.Period);
    }

    [Fact]
    public void Every_problem_is_reported_together_with_rule_file_and_line()
    {
        var exception = Assert.Throws<ToolParametersException>(() => EveryTypeParameters.Bind(ToolParameters.Parse("""
            {"query": "", "max_results": 500, "temperature": "warm", "safe_search": "maybe", "language": "fr", "regions": ["us", "asia"], "voice": {"provider": "p", "model": "m", "model_type": "tts"}, "since": "yesterday"}
            """)));

        var problems = exception.Problems.Select(problem => (problem.Parameter, problem.Rule, problem.ManifestLine)).ToArray();
        Assert.Equal(
            [
                ("query", "required", 16),
                ("max_results", "max", 28),
                ("temperature", "type", 37),
                ("safe_search", "type", 44),
                ("language", "options", 50),
                ("regions", "options", 68),
                ("model", "required", 88),
                ("voice", "required", 107),
                ("since", "type", 170),
            ],
            problems);
        Assert.All(exception.Problems, problem => Assert.EndsWith("Manifests/every_type.yaml", problem.ManifestPath, StringComparison.Ordinal));
        Assert.Equal("every_type", exception.ToolName);
        Assert.Contains("parameter 'max_results' [max]", exception.Message, StringComparison.Ordinal);
        Assert.Contains("\"fr\" is not one of the options", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_descriptor_carries_the_llm_schema_as_Difys_agent_runner_builds_it()
    {
        // Written by hand from Dify's agent runner: only form: llm parameters, files skipped, enum for select,
        // input_schema used as it is, llm_description or "" as the description, required ones listed.
        var expected = JsonNode.Parse("""
            {"type": "object",
             "properties": {
               "query": {"type": "string", "description": "Key words for searching"},
               "temperature": {"type": "number", "description": "Sampling temperature between 0 and 1"},
               "language": {"type": "string", "description": "The language of the results", "enum": ["zh-CN", "en", "1", "", "z-h.c n"]},
               "filters": {"type": "object", "description": "Filters as an object"},
               "tags": {"type": "array", "items": {"type": "string"}}
             },
             "required": ["query"]}
            """);

        Assert.True(JsonNode.DeepEquals(expected, EveryTypeParameters.Descriptor.GetLlmParametersSchema()), EveryTypeParameters.Descriptor.LlmParametersSchemaJson);
        Assert.Equal("every_type", EveryTypeParameters.Descriptor.Name);
        Assert.Equal("すべての型", EveryTypeParameters.Descriptor.Label.JaJp);
        Assert.Equal(["llm", "tool-call", "vision"], EveryTypeParameters.Descriptor.FindParameter("model")!.ScopeTokens);
        var tool = EveryTypeParameters.Descriptor.ToPromptMessageTool();
        Assert.Equal(("every_type", "Exercises every parameter type."), (tool.Name, tool.Description));
    }

    [Fact]
    public void Generated_properties_carry_the_manifest_metadata_for_analyzers()
    {
        var property = typeof(EveryTypeParameters).GetProperty(nameof(EveryTypeParameters.Model))!;
        var attribute = (DifyParameterAttribute)Attribute.GetCustomAttribute(property, typeof(DifyParameterAttribute))!;

        Assert.Equal(("model", "model-selector", "form", "llm&tool-call&vision", true), (attribute.Name, attribute.Type, attribute.Form, attribute.Scope, attribute.Required));
        Assert.Equal(typeof(LLMModelConfig), property.PropertyType);
        Assert.Equal(typeof(RerankModelConfig), typeof(EveryTypeParameters).GetProperty(nameof(EveryTypeParameters.Reranker))!.PropertyType);
        Assert.Equal(typeof(TTSModelConfig), typeof(EveryTypeParameters).GetProperty(nameof(EveryTypeParameters.Voice))!.PropertyType);
        Assert.Equal(typeof(Speech2TextModelConfig), typeof(EveryTypeParameters).GetProperty(nameof(EveryTypeParameters.Transcriber))!.PropertyType);
        Assert.Equal(typeof(ModerationModelConfig), typeof(EveryTypeParameters).GetProperty(nameof(EveryTypeParameters.Moderator))!.PropertyType);
    }
}
