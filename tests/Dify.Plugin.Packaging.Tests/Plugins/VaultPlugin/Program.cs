return await VaultPlugin.DifyPlugin.RunAsync(args);
