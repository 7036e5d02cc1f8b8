using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Dify.Plugin.Invocation;
using Dify.Plugin.Testing;

namespace Dify.Plugin.Benchmarks;

/// <summary>The runtime's hot paths: reading streamed LLM chunks and folding them into one answer.</summary>
[MemoryDiagnoser]
public class RuntimeBenchmarks
{
    private readonly LLMModelConfig _config = new() { Provider = "openai", Model = "gpt-4o-mini", Mode = "chat" };
    private TestSession _session = null!;
    private BackwardsResponseFrame[] _frames = [];

    [Params(1000)]
    public int Chunks { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var pieces = Enumerable.Range(0, Chunks).Select(i => $"token{i} ").ToArray();
        _frames = [.. LlmScript.TextChunks(pieces).Select(chunk => BackwardsResponseFrame.Stream(JsonSerializer.SerializeToElement(new
        {
            model = chunk.Model,
            delta = new { index = chunk.Delta.Index, message = new { role = "assistant", content = chunk.Delta.Message.Content.Text }, usage = (object?)null, finish_reason = chunk.Delta.FinishReason },
        }))), BackwardsResponseFrame.End];
        _session = new TestSession();
        _session.Llm.Endpoint.RespondUsing(_ => _frames);
    }

    /// <summary>A streamed answer of <see cref="Chunks"/> chunks, read and aggregated by the non-streaming call.</summary>
    [Benchmark]
    public async Task<int> AggregateStreamedAnswer()
    {
        var result = await _session.Session.Model.Llm.InvokeAsync(_config, [new UserPromptMessage("hi")]);
        return result.Message.Content.Text!.Length;
    }
}
