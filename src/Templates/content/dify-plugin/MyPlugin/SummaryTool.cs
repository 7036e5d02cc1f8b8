using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Dify.Plugin;
using Microsoft.Extensions.Logging;

namespace MyPlugin;

/// <summary>
/// The tool declared in tools/summary.yaml: Wikipedia's summary of a topic. Its <see cref="HttpClient"/> and logger come
/// from the service container (Program.cs registers the client); tests pass their own.
/// </summary>
[DifyTool("summary")]
public sealed partial class SummaryTool(HttpClient http, ILogger<SummaryTool> logger)
{
    /// <summary>Fetches the summary and returns its text, with a link to the article.</summary>
    public async IAsyncEnumerable<ToolInvokeMessage> InvokeAsync(SummaryParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var title = Uri.EscapeDataString(parameters.Topic.Trim().Replace(' ', '_'));
        using var response = await http.GetAsync($"page/summary/{title}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            logger.LogInformation("No article for {Topic}", parameters.Topic);
            yield return CreateTextMessage($"Wikipedia has no article about \"{parameters.Topic}\".");
            yield break;
        }

        response.EnsureSuccessStatusCode();
        using var summary = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var root = summary.RootElement;
        logger.LogInformation("Summarized {Topic}", parameters.Topic);
        yield return CreateTextMessage(root.TryGetProperty("extract", out var extract) ? extract.GetString() ?? "" : "");
        if (root.TryGetProperty("content_urls", out var urls) && urls.TryGetProperty("desktop", out var desktop) && desktop.TryGetProperty("page", out var page) && page.GetString() is { } link)
        {
            yield return CreateLinkMessage(link);
        }
    }
}
