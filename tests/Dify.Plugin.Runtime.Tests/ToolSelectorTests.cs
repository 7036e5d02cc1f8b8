using System.Text.Json.Nodes;
using Xunit;

namespace Dify.Plugin.Tests;

/// <summary>
/// Tool-selector values as the SDK converts them (interfaces/tool/tool.py:276-289 by the marker of
/// file/constants.py:2, into ToolSelector of entities/tool.py:361-415).
/// </summary>
public sealed class ToolSelectorTests
{
    private static readonly string Value = GoldenJson.Load("tool_selector.value.json").ToJsonString();

    [Fact]
    public void A_marked_value_reads_as_a_tool_selector_and_becomes_the_sdks_prompt_tool()
    {
        var parameters = ToolParameters.Parse($$"""{"tool": {{Value}}}""");

        var selector = parameters.GetToolSelector("tool")!;

        Assert.Equal(("langgenius/google/google", "google_search", "Searches the web."), (selector.ProviderId, selector.ToolName, selector.ToolDescription));
        Assert.Equal("us", (string?)selector.ToolConfiguration["region"]);
        Assert.Equal(["web", "news"], selector.ToolParameters["kind"].Options!);
        Assert.Equal("web", (string?)selector.ToolParameters["kind"].Default);
        var tool = selector.ToPromptMessageTool();
        Assert.Equal(("google_search", "Searches the web."), (tool.Name, tool.Description));
        GoldenJson.AssertEqual(GoldenJson.Load("tool_selector.prompt_tool.json"), tool.Parameters);
    }

    [Fact]
    public void A_list_of_marked_values_reads_as_tool_selectors()
    {
        var parameters = ToolParameters.Parse($$"""{"tools": [{{Value}}, {{Value}}]}""");

        Assert.Equal(2, parameters.GetToolSelectors("tools").Count);
        Assert.Empty(parameters.GetToolSelectors("absent"));
        Assert.Null(parameters.GetToolSelector("absent"));
    }

    [Theory]
    [InlineData("""{"provider_id": "p", "tool_name": "t", "tool_description": "d", "tool_configuration": {}, "tool_parameters": {}}""", "not a tool selector")]
    [InlineData("""{"dify_model_identity": "__dify__tool_selector__", "tool_name": "t", "tool_description": "d", "tool_configuration": {}, "tool_parameters": {}}""", "'provider_id'")]
    [InlineData("""{"dify_model_identity": "__dify__file__", "url": "u"}""", "not a tool selector")]
    public void A_value_that_is_not_a_complete_tool_selector_is_refused_by_name(string value, string expected)
    {
        var parameters = ToolParameters.Parse($$"""{"tool": {{value}}}""");

        var exception = Assert.Throws<FormatException>(() => parameters.GetToolSelector("tool"));
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }
}
