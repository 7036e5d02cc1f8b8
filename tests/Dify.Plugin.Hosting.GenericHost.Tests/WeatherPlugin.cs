using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dify.Plugin.Hosting.GenericHost.Tests;

/// <summary>The weather API's settings, bound from configuration section <c>Weather</c>.</summary>
public sealed class WeatherOptions
{
    public string Units { get; set; } = "metric";
}

/// <summary>
/// A tool that takes everything by injection: a typed HttpClient, a logger and options. As a typed client it comes from
/// the container, whose request scope disposes it.
/// </summary>
[DifyTool("forecast")]
public sealed partial class ForecastTool(HttpClient http, ILogger<ForecastTool> logger, IOptions<WeatherOptions> options) : IDisposable
{
    private int _disposals;

    /// <summary>Every instance that ran, so that a test can see how often each was disposed.</summary>
    public static ConcurrentQueue<ForecastTool> Invoked { get; } = new();

    public int Disposals => _disposals;

    public void Dispose() => Interlocked.Increment(ref _disposals);

    public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(ForecastParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Invoked.Enqueue(this);
        var units = options.Value.Units;
        logger.LogInformation("Forecast for {City} in {Units}", parameters.City, units);
        var forecast = await http.GetStringAsync($"forecast?city={Uri.EscapeDataString(parameters.City)}&units={units}", cancellationToken);
        yield return CreateTextMessage(forecast);
    }
}

/// <summary>
/// A provider whose validator takes the same client, to check the key against the API. Not registered in the container:
/// the host creates it for each request, and disposes it after.
/// </summary>
[DifyToolProvider("weather")]
public sealed class WeatherProvider(IHttpClientFactory clients, ILogger<WeatherProvider> logger) : ToolProvider, IAsyncDisposable
{
    private int _disposals;

    /// <summary>Every instance that validated, so that a test can see how often each was disposed.</summary>
    public static ConcurrentQueue<WeatherProvider> Validated { get; } = new();

    public int Disposals => _disposals;

    public ValueTask DisposeAsync()
    {
        Interlocked.Increment(ref _disposals);
        return ValueTask.CompletedTask;
    }

    public override async ValueTask ValidateCredentialsAsync(ToolCredentials credentials, CancellationToken cancellationToken)
    {
        Validated.Enqueue(this);
        using var client = clients.CreateClient("weather");
        using var request = new HttpRequestMessage(HttpMethod.Get, "validate");
        request.Headers.Add("X-Api-Key", credentials.GetRequired("api_key"));
        using var response = await client.SendAsync(request, cancellationToken);
        logger.LogInformation("Validation answered {Status}", (int)response.StatusCode);
        response.EnsureSuccessStatusCode();
    }
}
