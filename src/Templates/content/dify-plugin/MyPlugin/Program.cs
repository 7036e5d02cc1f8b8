// Under Dify: set INSTALL_METHOD=remote, REMOTE_INSTALL_URL and REMOTE_INSTALL_KEY in .env (see README.md).
// Without Dify: dotnet run -- invoke summary --param topic=Dify
//               dotnet run -- invoke hello --param name=Dify
//   with a real model: dotnet run -- invoke hello --param name=Dify --backend openai --base-url http://localhost:11434/v1 --model llama3.1
using Dify.Plugin.Development;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);

// The plugin as a hosted service: tools are created per request with their constructor's services, ILogger goes to
// Dify's plugin logs, and .env joins the configuration.
builder.AddDifyPlugin(MyPlugin.DifyPlugin.Registration, plugin => plugin.ConfigureHost = host => host.AddOpenAICompatibleBackend());

// SummaryTool's HttpClient: a typed client from IHttpClientFactory, with its base address and User-Agent.
builder.Services.AddHttpClient<MyPlugin.SummaryTool>(client =>
{
    client.BaseAddress = new Uri("https://en.wikipedia.org/api/rest_v1/");
    client.DefaultRequestHeaders.UserAgent.ParseAdd("MyPlugin/0.1 (a Dify plugin)");
});

await builder.Build().RunAsync();
