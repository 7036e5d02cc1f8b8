using System.Text.Json;
using Dify.Plugin.Testing;
using Microsoft.Extensions.AI;
using Xunit;

namespace Dify.Plugin.AI.Tests;

public sealed class ChatRequestMappingTests
{
    [Fact]
    public async Task Text_messages_of_every_role_become_Difys_prompt_messages()
    {
        var test = new TestSession();
        test.Llm.RespondWithText("ok");
        var client = test.Session.Model.AsChatClient(TestModels.Llm);

        await client.GetResponseAsync(
        [
            new ChatMessage(ChatRole.System, "be brief"),
            new ChatMessage(new ChatRole("developer"), "no markdown"),
            new ChatMessage(ChatRole.User, "hello") { AuthorName = "ann" },
            new ChatMessage(ChatRole.Assistant, "hi"),
            new ChatMessage(ChatRole.User, [new TextContent("two "), new TextContent("parts")]),
        ]);

        JsonAssert.Equal("""
            [
              {"role": "system", "content": "be brief", "name": null},
              {"role": "developer", "content": "no markdown", "name": null},
              {"role": "user", "content": "hello", "name": "ann"},
              {"role": "assistant", "content": "hi", "name": null, "tool_calls": [], "opaque_body": null},
              {"role": "user", "content": "two parts", "name": null}
            ]
            """, test.Llm.RequestJson()["prompt_messages"]);
    }

    [Fact]
    public async Task Instructions_come_first_as_a_system_message()
    {
        var test = new TestSession();
        test.Llm.RespondWithText("ok");

        await test.Session.Model.AsChatClient(TestModels.Llm).GetResponseAsync("hello", new ChatOptions { Instructions = "answer in French" });

        JsonAssert.Equal("""
            [
              {"role": "system", "content": "answer in French", "name": null},
              {"role": "user", "content": "hello", "name": null}
            ]
            """, test.Llm.RequestJson()["prompt_messages"]);
    }

    [Fact]
    public async Task Images_and_files_become_content_parts_with_format_mime_type_and_detail()
    {
        var test = new TestSession();
        test.Llm.RespondWithText("a cat");
        var image = new DataContent(new byte[] { 1, 2, 3 }, "image/jpeg") { AdditionalProperties = new() { ["detail"] = "high" } };
        var document = new DataContent(new byte[] { 4 }, "application/pdf") { Name = "report.pdf" };
        var audio = new UriContent(new Uri("https://example.com/a.mp3"), "audio/mpeg");
        var video = new UriContent(new Uri("https://example.com/v.mp4"), "video/mp4");

        await test.Session.Model.AsChatClient(TestModels.Llm).GetResponseAsync(
            [new ChatMessage(ChatRole.User, [new TextContent("What is this?"), image, document, audio, video])]);

        JsonAssert.Equal("""
            [{"role": "user", "name": null, "content": [
              {"opaque_body": null, "type": "text", "data": "What is this?"},
              {"opaque_body": null, "format": "jpg", "base64_data": "AQID", "url": "", "mime_type": "image/jpeg", "filename": "", "type": "image", "detail": "high"},
              {"opaque_body": null, "format": "pdf", "base64_data": "BA==", "url": "", "mime_type": "application/pdf", "filename": "report.pdf", "type": "document"},
              {"opaque_body": null, "format": "mp3", "base64_data": "", "url": "https://example.com/a.mp3", "mime_type": "audio/mpeg", "filename": "", "type": "audio"},
              {"opaque_body": null, "format": "mp4", "base64_data": "", "url": "https://example.com/v.mp4", "mime_type": "video/mp4", "filename": "", "type": "video"}
            ]}]
            """, test.Llm.RequestJson()["prompt_messages"]);
    }

    [Fact]
    public async Task Function_calls_and_results_become_assistant_tool_calls_and_tool_messages()
    {
        var test = new TestSession();
        test.Llm.RespondWithText("It is sunny.");
        var arguments = new Dictionary<string, object?> { ["city"] = "Paris", ["days"] = 2, ["raw"] = JsonDocument.Parse("[1,2]").RootElement };

        await test.Session.Model.AsChatClient(TestModels.Llm).GetResponseAsync(
        [
            new ChatMessage(ChatRole.User, "Weather in Paris?"),
            new ChatMessage(ChatRole.Assistant, [new TextContent("Let me look."), new FunctionCallContent("call_1", "weather", arguments)]),
            new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call_1", "sunny"), new FunctionResultContent("call_2", JsonDocument.Parse("""{"t":21}""").RootElement)]),
        ]);

        JsonAssert.Equal("""
            [
              {"role": "user", "content": "Weather in Paris?", "name": null},
              {"role": "assistant", "content": "Let me look.", "name": null, "opaque_body": null, "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": "weather", "arguments": "{\"city\":\"Paris\",\"days\":2,\"raw\":[1,2]}"}}
              ]},
              {"role": "tool", "content": "sunny", "name": null, "tool_call_id": "call_1"},
              {"role": "tool", "content": "{\"t\":21}", "name": null, "tool_call_id": "call_2"}
            ]
            """, test.Llm.RequestJson()["prompt_messages"]);
    }

    [Fact]
    public async Task Options_merge_into_the_selectors_completion_params_and_stop()
    {
        var test = new TestSession();
        test.Llm.RespondWithText("ok");
        var options = new ChatOptions
        {
            Temperature = 0.25f,
            TopP = 0.5f,
            TopK = 40,
            MaxOutputTokens = 256,
            PresencePenalty = 0.5f,
            FrequencyPenalty = 0.75f,
            Seed = 7,
            StopSequences = ["END"],
            ModelId = "gpt-4o",
            AdditionalProperties = new() { ["reasoning_effort"] = "low", ["enable_thinking"] = false },
        };

        await test.Session.Model.AsChatClient(TestModels.Llm).GetResponseAsync("hi", options);

        var request = test.Llm.RequestJson();
        Assert.Equal("gpt-4o", (string?)request["model"]);
        Assert.Equal("langgenius/openai/openai", (string?)request["provider"]);
        JsonAssert.Equal("""
            {"temperature": 0.25, "top_p": 0.5, "top_k": 40, "max_tokens": 256, "presence_penalty": 0.5,
             "frequency_penalty": 0.75, "seed": 7, "reasoning_effort": "low", "enable_thinking": false}
            """, request["completion_params"]);
        JsonAssert.Equal("""["END"]""", request["stop"]);
        Assert.False((bool)request["stream"]!);
    }

    [Fact]
    public async Task Without_options_the_selectors_parameters_go_unchanged()
    {
        var test = new TestSession();
        test.Llm.RespondWithText("ok");

        await test.Session.Model.AsChatClient(TestModels.Llm).GetResponseAsync("hi");

        var request = test.Llm.RequestJson();
        JsonAssert.Equal("""{"temperature": 0.7}""", request["completion_params"]);
        JsonAssert.Equal("null", request["tools"]);
        JsonAssert.Equal("null", request["stop"]);
    }

    [Fact]
    public async Task Json_mode_without_a_schema_sets_the_response_format_parameter()
    {
        var test = new TestSession();
        test.Llm.RespondWithText("{}");

        await test.Session.Model.AsChatClient(TestModels.Llm).GetResponseAsync("hi", new ChatOptions { ResponseFormat = ChatResponseFormat.Json });

        Assert.Equal("json_object", (string?)test.Llm.RequestJson()["completion_params"]!["response_format"]);
        Assert.Empty(test.LlmStructuredOutput.Requests);
    }
}
