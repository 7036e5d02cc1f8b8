// Under Dify: set INSTALL_METHOD=remote, REMOTE_INSTALL_URL and REMOTE_INSTALL_KEY in .env (see README.md).
// Without Dify: dotnet run -- invoke hello --param name=Dify
return await MyPlugin.DifyPlugin.RunAsync(args);
