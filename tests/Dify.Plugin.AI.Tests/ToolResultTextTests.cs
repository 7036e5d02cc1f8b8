using System.Text.Json.Nodes;
using Xunit;

namespace Dify.Plugin.AI.Tests;

public sealed class ToolResultTextTests
{
    [Fact]
    public void Text_links_images_and_json_are_told_to_the_model_as_Difys_agent_runner_does()
    {
        var text = ToolResultText.From(
        [
            ToolInvokeMessage.CreateText("Found it. "),
            ToolInvokeMessage.CreateLink("https://example.com/r"),
            ToolInvokeMessage.CreateImage("https://example.com/i.png"),
            ToolInvokeMessage.CreateJson(new JsonObject { ["n"] = 1 }),
            ToolInvokeMessage.CreateJson(new JsonObject { ["hidden"] = true }, suppressOutput: true),
            ToolInvokeMessage.CreateBlob(new byte[] { 1 }, "application/octet-stream"),
            ToolInvokeMessage.CreateVariable("v", "x"),
        ]);

        Assert.Equal(
            "Found it. result link: https://example.com/r. please tell user to check it."
            + "image has been created and sent to user already, you do not need to create it, just tell the user to check it now."
            + """{"n":1}""",
            text);
    }
}
