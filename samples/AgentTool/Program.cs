// Under Dify: INSTALL_METHOD=remote (remote debugging, see the repository README) or local. Without Dify:
//   dotnet run --project samples/AgentTool -- invoke word_stats --param text="the cat and the hat"
return await AgentTool.DifyPlugin.RunAsync(args);
