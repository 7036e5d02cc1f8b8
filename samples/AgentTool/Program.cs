// Under Dify: INSTALL_METHOD=remote (remote debugging, see the repository README) or local. Without Dify:
//   dotnet run --project samples/AgentTool -- invoke word_stats --param text="the cat and the hat"
//   dotnet run --project samples/AgentTool -- invoke agent --param question="How often does 'the' occur in: the cat and the hat?" \
//     --backend openai --base-url http://localhost:11434/v1 --model llama3.1
using Dify.Plugin.Development;

return await AgentTool.DifyPlugin.RunAsync(args, new Dify.Plugin.Hosting.PluginHostOptions().AddOpenAICompatibleBackend());
