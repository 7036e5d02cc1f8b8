// Under Dify: INSTALL_METHOD=remote (remote debugging, see the repository README) or local. Its unit tests, against
// the test double, are in samples/StorageTool.Tests.
return await StorageTool.DifyPlugin.RunAsync(args);
