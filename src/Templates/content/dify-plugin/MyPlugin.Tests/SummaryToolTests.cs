using System.Net;
using Dify.Plugin;
using Dify.Plugin.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MyPlugin.Tests;

/// <summary>The tool with its HttpClient's handler replaced: no network, the API's answers written here.</summary>
public sealed class SummaryToolTests
{
    [Fact]
    public async Task Returns_the_summary_and_a_link_to_the_article()
    {
        var api = new StubHandler(HttpStatusCode.OK, """{"title": "Dify", "extract": "Dify is an LLM app platform.", "content_urls": {"desktop": {"page": "https://en.wikipedia.org/wiki/Dify"}}}""");
        var tool = new SummaryTool(new HttpClient(api) { BaseAddress = new Uri("https://wiki.test/api/") }, NullLogger<SummaryTool>.Instance);

        var messages = await new TestSession().RunToolAsync(tool, """{"topic": "Large language model"}""");

        Assert.Equal(["Dify is an LLM app platform.", "https://en.wikipedia.org/wiki/Dify"], messages.Select(message => message.Text));
        Assert.Equal("https://wiki.test/api/page/summary/Large_language_model", Assert.Single(api.Requests).AbsoluteUri);
    }

    [Fact]
    public async Task A_topic_without_an_article_is_an_answer_not_an_error()
    {
        var tool = new SummaryTool(new HttpClient(new StubHandler(HttpStatusCode.NotFound, "{}")) { BaseAddress = new Uri("https://wiki.test/api/") }, NullLogger<SummaryTool>.Instance);

        var messages = await new TestSession().RunToolAsync(tool, """{"topic": "Nothing here"}""");

        Assert.Equal("Wikipedia has no article about \"Nothing here\".", Assert.Single(messages).Text);
    }

    [Fact]
    public async Task A_failing_API_fails_the_tool()
    {
        var tool = new SummaryTool(new HttpClient(new StubHandler(HttpStatusCode.ServiceUnavailable, "")) { BaseAddress = new Uri("https://wiki.test/api/") }, NullLogger<SummaryTool>.Instance);

        await Assert.ThrowsAsync<HttpRequestException>(() => new TestSession().RunToolAsync(tool, """{"topic": "Dify"}"""));
    }

    /// <summary>Answers every request with one status and body, and records the requested URIs.</summary>
    private sealed class StubHandler(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public List<Uri> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.RequestUri!);
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body) });
        }
    }
}
