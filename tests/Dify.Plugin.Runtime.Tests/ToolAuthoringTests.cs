using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Dify.Plugin.Tests;

/// <summary>Tool messages on the wire (reference §4.5), model-selector values (§2.2), files (§2.3) and credentials.</summary>
public sealed class ToolAuthoringTests
{
    [Theory]
    [MemberData(nameof(Messages))]
    public void Tool_messages_have_the_wire_shape(string name, ToolInvokeMessage message, string expectedJson)
    {
        Assert.NotNull(name);
        GoldenJson.AssertEqual(JsonNode.Parse(expectedJson)!, JsonNode.Parse(message.ToJsonString()));
    }

    public static TheoryData<string, ToolInvokeMessage, string> Messages() => new()
    {
        { "text", ToolInvokeMessage.CreateText("hi"), """{"type":"text","message":{"text":"hi"},"meta":null}""" },
        { "json", ToolInvokeMessage.CreateJson(new JsonObject { ["a"] = 1 }), """{"type":"json","message":{"json_object":{"a":1}},"meta":null}""" },
        { "json array, suppressed", ToolInvokeMessage.CreateJson(new JsonArray(1, 2), suppressOutput: true), """{"type":"json","message":{"json_object":[1,2],"suppress_output":true},"meta":null}""" },
        { "link", ToolInvokeMessage.CreateLink("https://x"), """{"type":"link","message":{"text":"https://x"},"meta":null}""" },
        { "image", ToolInvokeMessage.CreateImage("https://x/a.png"), """{"type":"image","message":{"text":"https://x/a.png"},"meta":null}""" },
        { "image_link", ToolInvokeMessage.CreateImageLink("https://x/a.png"), """{"type":"image_link","message":{"text":"https://x/a.png"},"meta":null}""" },
        { "blob", ToolInvokeMessage.CreateBlob(new byte[] { 1, 2, 3 }, "image/png", "a.png"), """{"type":"blob","message":{"blob":"AQID"},"meta":{"mime_type":"image/png","filename":"a.png"}}""" },
        { "variable", ToolInvokeMessage.CreateVariable("answer", 42), """{"type":"variable","message":{"variable_name":"answer","variable_value":42,"stream":false},"meta":null}""" },
        { "stream variable", ToolInvokeMessage.CreateStreamVariable("text", "par"), """{"type":"variable","message":{"variable_name":"text","variable_value":"par","stream":true},"meta":null}""" },
        {
            "retriever resources",
            ToolInvokeMessage.CreateRetrieverResources([new RetrieverResource { Position = 1, DocumentName = "d", Score = 0.5, Content = "c" }], "ctx"),
            """{"type":"retriever_resources","message":{"retriever_resources":[{"position":1,"dataset_id":null,"dataset_name":null,"document_id":null,"document_name":"d","data_source_type":null,"segment_id":null,"retriever_from":null,"score":0.5,"hit_count":null,"word_count":null,"segment_position":null,"index_node_hash":null,"content":"c","page":null,"doc_metadata":null}],"context":"ctx"},"meta":null}"""
        },
    };

    [Fact]
    public void Log_messages_start_and_finish_with_the_same_id_and_parent()
    {
        var parent = ToolInvokeMessage.CreateLog("outer", new JsonObject(), ToolLogStatus.Start);
        var child = ToolInvokeMessage.CreateLog("inner", new JsonObject { ["step"] = 1 }, ToolLogStatus.Start, parent);
        var finished = ToolInvokeMessage.FinishLog(child, ToolLogStatus.Error, "boom", metadata: new JsonObject { ["elapsed_time"] = 1.5 });

        var json = JsonNode.Parse(finished.ToJsonString())!;
        Assert.Equal("log", (string?)json["type"]);
        Assert.Equal(child.Message!["id"]!.GetValue<string>(), (string?)json["message"]!["id"]);
        Assert.Equal(parent.Message!["id"]!.GetValue<string>(), (string?)json["message"]!["parent_id"]);
        Assert.Equal("error", (string?)json["message"]!["status"]);
        Assert.Equal("boom", (string?)json["message"]!["error"]);
        Assert.Equal(1, (int)json["message"]!["data"]!["step"]!);
        Assert.Equal(1.5, (double)json["message"]!["metadata"]!["elapsed_time"]!);
        Assert.Throws<ArgumentException>(() => ToolInvokeMessage.FinishLog(ToolInvokeMessage.CreateText("x")));
    }

    [Fact]
    public void Model_selector_values_become_configs_in_both_layouts()
    {
        var current = Parse("""{"provider":"langgenius/openai/openai","model":"gpt-4o","model_type":"llm","mode":"completion","completion_params":{"max_tokens":512}}""");
        var legacy = Parse("""{"type":"constant","value":{"provider":"openai","model":"gpt-4o","model_type":"llm"}}""");

        var config = LLMModelConfig.FromModelSelector(current, "model");
        Assert.Equal(("langgenius/openai/openai", "gpt-4o", "completion"), (config.Provider, config.Model, config.Mode));
        Assert.Equal(512, (int)config.CompletionParams["max_tokens"]!);
        var legacyConfig = ModelSelector.Read<LLMModelConfig>(legacy, "model");
        Assert.Equal(("openai", "chat"), (legacyConfig.Provider, legacyConfig.Mode));

        var tts = TTSModelConfig.FromModelSelector(Parse("""{"provider":"p","model":"tts-1","model_type":"tts","language":"Chinese","voice":"Cherry"}"""), "voice_model");
        Assert.Equal(("Cherry", "Chinese"), (tts.Voice, tts.Language));
        var rerank = RerankModelConfig.FromModelSelector(Parse("""{"provider":"p","model":"r","model_type":"rerank"}"""), "reranker");
        Assert.Null(rerank.TopN);
    }

    [Theory]
    [InlineData("null", "required")]
    [InlineData("\"gpt-4o\"", "type")]
    [InlineData("""{"provider":"p","model":"m","model_type":"rerank"}""", "scope")]
    [InlineData("""{"provider":"","model":"m","model_type":"llm"}""", "required")]
    public void Bad_model_selector_values_name_the_parameter_and_rule(string json, string rule)
    {
        var exception = Assert.Throws<ToolParametersException>(() => LLMModelConfig.FromModelSelector(Parse(json), "model"));
        var problem = Assert.Single(exception.Problems);
        Assert.Equal(("model", rule), (problem.Parameter, problem.Rule));
    }

    [Fact]
    public void Tts_selector_without_a_voice_is_a_clear_error()
    {
        var exception = Assert.Throws<ToolParametersException>(() =>
            TTSModelConfig.FromModelSelector(Parse("""{"provider":"p","model":"m","model_type":"tts"}"""), "speaker"));
        Assert.Contains("voice", exception.Message);
    }

    [Fact]
    public void File_values_are_read_and_a_one_element_list_is_unwrapped()
    {
        var json = Parse("""[{"dify_model_identity":"__dify__file__","url":"https://files/x.pdf?sig=1","mime_type":"application/pdf","type":"document","filename":"x.pdf","extension":".pdf","size":1234}]""");

        var file = DifyFile.FromJson(json, "doc");

        Assert.Equal(("https://files/x.pdf?sig=1", DifyFileType.Document, "application/pdf", "x.pdf", ".pdf", 1234L),
            (file.Url, file.Type, file.MimeType, file.Filename, file.Extension, file.Size));
        Assert.Single(DifyFile.ListFromJson(json[0], "docs"));
    }

    [Fact]
    public async Task A_relative_file_url_explains_FILES_URL()
    {
        var file = DifyFile.FromJson(Parse("""{"url":"/files/abc/file-preview","type":"image"}"""), "image");

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => file.GetBytesAsync());

        Assert.Contains("FILES_URL", exception.Message);
        Assert.Contains("/files/abc/file-preview", exception.Message);
    }

    [Fact]
    public void Credentials_read_scalars_hide_values_and_name_missing_ones()
    {
        var credentials = ToolCredentials.FromJson(Parse("""{"api_key":"sk-secret","region":"eu","retries":3,"unset":null}"""));

        Assert.Equal("sk-secret", credentials.GetRequired("api_key"));
        Assert.Equal("3", credentials["retries"]);
        Assert.False(credentials.ContainsKey("unset"));
        Assert.DoesNotContain("sk-secret", credentials.ToString());
        var exception = Assert.Throws<InvalidOperationException>(() => credentials.GetRequired("token"));
        Assert.Contains("'token'", exception.Message);
    }

    [Fact]
    public void Raw_parameters_give_text_for_scalars_and_null_for_absent()
    {
        var parameters = ToolParameters.Parse("""{"query":"cats","max_results":5,"flag":true,"missing":null}""");

        Assert.Equal("cats", parameters.GetString("query"));
        Assert.Equal("5", parameters.GetString("max_results"));
        Assert.Equal("true", parameters.GetString("flag"));
        Assert.Null(parameters.GetString("missing"));
        Assert.False(parameters.Contains("missing"));
        Assert.Equal(["query", "max_results", "flag", "missing"], parameters.Names);
    }

    [Fact]
    public void Message_content_converts_from_strings_and_parts()
    {
        MessageContent text = "hello";
        MessageContent parts = new PromptMessageContent[] { new TextPromptMessageContent("a"), new TextPromptMessageContent("b") };

        Assert.True(text.IsText);
        Assert.Equal("ab", parts.GetText());
        Assert.True(MessageContent.None.IsEmpty);
        Assert.Equal(new MessageContent("hello"), text);
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
