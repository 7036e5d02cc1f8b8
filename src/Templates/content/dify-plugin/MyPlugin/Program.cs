// Under Dify: set INSTALL_METHOD=remote, REMOTE_INSTALL_URL and REMOTE_INSTALL_KEY in .env (see README.md).
// Without Dify: dotnet run -- invoke hello --param name=Dify
//   with a real model: dotnet run -- invoke hello --param name=Dify --backend openai --base-url http://localhost:11434/v1 --model llama3.1
using Dify.Plugin.Development;

return await MyPlugin.DifyPlugin.RunAsync(args, new Dify.Plugin.Hosting.PluginHostOptions().AddOpenAICompatibleBackend());
