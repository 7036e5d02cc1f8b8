using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dify.Plugin.Hosting.GenericHost.Tests;

/// <summary>The plugin's services as its Program.cs would register them; tests replace the handlers.</summary>
public static class WeatherServices
{
    public static void AddWeather(this IHostApplicationBuilder builder, HttpMessageHandler handler)
    {
        builder.Services.AddOptions<WeatherOptions>().BindConfiguration("Weather");
        builder.Services.AddHttpClient("weather", client => client.BaseAddress = new Uri("https://weather.example/"))
            .ConfigurePrimaryHttpMessageHandler(() => handler);
        builder.Services.AddHttpClient<ForecastTool>(client => client.BaseAddress = new Uri("https://weather.example/"))
            .ConfigurePrimaryHttpMessageHandler(() => handler);
    }
}

/// <summary>The weather API, answered in-process: records each request and answers from a function.</summary>
public sealed class StubWeatherApi(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
{
    public StubWeatherApi(Func<HttpRequestMessage, HttpResponseMessage> answer)
        : this((request, _) => Task.FromResult(answer(request)))
    {
    }

    public List<HttpRequestMessage> Requests { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (Requests)
        {
            Requests.Add(request);
        }

        return answer(request, cancellationToken);
    }

    public static StubWeatherApi Sunny() => new(request => new HttpResponseMessage(System.Net.HttpStatusCode.OK)
    {
        Content = new StringContent($"sunny ({request.RequestUri!.Query})"),
    });
}
