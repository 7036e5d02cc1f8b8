// Under Dify: INSTALL_METHOD=remote (remote debugging, see README.md) or local. Without Dify:
//   dotnet run --project samples/LlmTool -- invoke llm --param prompt="Hello"
//   dotnet run --project samples/LlmTool -- invoke llm --param prompt="Hello" --backend openai --base-url http://localhost:11434/v1 --model llama3.1
using Dify.Plugin.Development;

return await LlmTool.DifyPlugin.RunAsync(args, new Dify.Plugin.Hosting.PluginHostOptions().AddOpenAICompatibleBackend());
