using System.Text.Json.Nodes;
using Dify.Plugin;
using LlmTool;

// Runs the sample's tool in-process:  dotnet run --project samples/LlmTool -- invoke llm --param prompt="Hello"
// Model calls are answered by a deterministic development backend, so no Dify and no network are needed.

var arguments = args.Length == 0 ? ["invoke", "llm"] : args;
if (arguments.Length < 2 || arguments[0] != "invoke")
{
    Console.Error.WriteLine("usage: invoke <tool> [--param name=value]...");
    Console.Error.WriteLine("  tools: llm");
    return 2;
}

var toolName = arguments[1];
if (toolName != "llm")
{
    Console.Error.WriteLine($"error: no tool named '{toolName}' in this plugin; the tools are: llm");
    return 2;
}

var parameters = new JsonObject
{
    ["prompt"] = "Hello from C#",
    ["model"] = new JsonObject { ["provider"] = "dev", ["model"] = "echo", ["model_type"] = "llm", ["mode"] = "chat", ["completion_params"] = new JsonObject() },
};
for (var i = 2; i < arguments.Length; i++)
{
    if (arguments[i] != "--param" || i + 1 >= arguments.Length || !arguments[i + 1].Contains('=', StringComparison.Ordinal))
    {
        Console.Error.WriteLine($"error: expected --param name=value, got '{arguments[i]}'");
        return 2;
    }

    var pair = arguments[++i];
    var separator = pair.IndexOf('=', StringComparison.Ordinal);
    var value = pair[(separator + 1)..];
    // A value that is JSON (an object, a number, true/false) is passed as JSON, anything else as a string.
    JsonNode? node;
    try
    {
        node = JsonNode.Parse(value);
    }
    catch (System.Text.Json.JsonException)
    {
        node = value;
    }

    parameters[pair[..separator]] = node;
}

var backend = DevelopmentBackend.Create();
Console.WriteLine($"Running tool '{toolName}' in-process; models are answered by the {DevelopmentBackend.Label}.");
try
{
    foreach (var message in await backend.RunToolAsync(new LlmTool.LlmTool(), new ToolParameters(System.Text.Json.JsonSerializer.SerializeToElement(parameters))))
    {
        Console.WriteLine(message.ToJsonString());
    }
}
catch (ToolParametersException exception)
{
    Console.Error.WriteLine($"error: {exception.Message}");
    return 1;
}

return 0;
