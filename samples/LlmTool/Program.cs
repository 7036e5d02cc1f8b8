// Under Dify: INSTALL_METHOD=remote (remote debugging) or local. In-process, without Dify:
//   dotnet run --project samples/LlmTool -- invoke llm --param prompt="Hello"
return await LlmTool.DifyPlugin.RunAsync(args);
