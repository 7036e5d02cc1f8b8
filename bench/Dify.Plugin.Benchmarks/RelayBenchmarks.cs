using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using Dify.Plugin.Hosting;
using Dify.Plugin.Serialization;

namespace Dify.Plugin.Benchmarks;

/// <summary>
/// An LLM stream relayed through the plugin host in local mode, from the daemon's <c>backwards_response</c> lines in to
/// the tool's text messages out, against the floor of deserializing the same lines with a source-generated context.
/// </summary>
[MemoryDiagnoser]
public class RelayBenchmarks
{
    private byte[][] _lines = [];
    private Stream _toPlugin = null!;
    private PipeReader _fromPlugin = null!;
    private int _placeholderLength;
    private CancellationTokenSource _stop = null!;
    private Task<int> _host = null!;
    private int _request;

    [Params(10_000)]
    public int Chunks { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _lines = Enumerable.Range(0, Chunks).Select(index => Encoding.UTF8.GetBytes(ChunkLine("SESSION", "BACKWARDS", index) + "\n")).ToArray();
        var toPlugin = new Pipe();
        var fromPlugin = new Pipe();
        _toPlugin = toPlugin.Writer.AsStream();
        _fromPlugin = fromPlugin.Reader;
        _placeholderLength = Prefix("SESSION", "BACKWARDS").Length;
        _stop = new CancellationTokenSource();
        var tool = new ToolRegistration("relay", _ => new RelayTool(), null, "{}"u8.ToArray());
        var registration = new PluginRegistration("{}"u8.ToArray(), [new ProviderRegistration("bench", "{}"u8.ToArray(), "{}"u8.ToArray(), null, [tool])], []);
        _host = PluginHost.RunAsync(registration, [], new PluginHostOptions
        {
            Environment = new Dictionary<string, string?> { ["INSTALL_METHOD"] = "local", ["HEARTBEAT_INTERVAL"] = "59" },
            DotEnvPath = Path.Combine(Path.GetTempPath(), "no-such.env"),
            LocalStreams = (toPlugin.Reader.AsStream(), fromPlugin.Writer.AsStream()),
        }, _stop.Token);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stop.Cancel();
        _toPlugin.Dispose();
        _host.Wait(TimeSpan.FromSeconds(10));
    }

    /// <summary>Deserializing each line once with a source-generated context: what any relay must at least pay.</summary>
    [Benchmark(Baseline = true)]
    public int DeserializeLines()
    {
        var characters = 0;
        foreach (var line in _lines)
        {
            var envelope = JsonSerializer.Deserialize(line.AsSpan(0, line.Length - 1), FloorContext.Default.ChunkEnvelope)!;
            characters += envelope.Data.Data.Delta.Message.Content.Text!.Length;
        }

        return characters;
    }

    /// <summary>The same lines through the host: a request, its <c>invoke</c>, the chunks in, one text message out per chunk, <c>end</c>.</summary>
    [Benchmark]
    public async Task<int> RelayThroughHost()
    {
        var sessionId = "s" + Interlocked.Increment(ref _request);
        var request = $$$$"""{"session_id":"{{{{sessionId}}}}","event":"request","data":{"user_id":"u","type":"tool","action":"invoke_tool","provider":"bench","tool":"relay","credentials":{},"credential_type":"api-key","tool_parameters":{}}}""";
        await _toPlugin.WriteAsync(Encoding.UTF8.GetBytes(request + "\n"));
        await _toPlugin.FlushAsync();
        var backwardsId = await ReadBackwardsRequestIdAsync();
        var prefix = Prefix(sessionId, backwardsId);
        foreach (var line in _lines)
        {
            // The fixed lines name a placeholder session; each iteration's session and invocation go in front of the rest.
            await _toPlugin.WriteAsync(prefix);
            await _toPlugin.WriteAsync(line.AsMemory(_placeholderLength));
        }

        await _toPlugin.WriteAsync(Encoding.UTF8.GetBytes($$$$"""{"session_id":"{{{{sessionId}}}}","event":"backwards_response","data":{"backwards_request_id":"{{{{backwardsId}}}}","event":"end","message":"","data":null}}""" + "\n"));
        await _toPlugin.FlushAsync();
        var messages = 0;
        while (true)
        {
            var read = await _fromPlugin.ReadAsync();
            var buffer = read.Buffer;
            while (buffer.PositionOf((byte)'\n') is { } end)
            {
                var slice = buffer.Slice(0, end);
                var line = slice.IsSingleSegment ? slice.FirstSpan : slice.ToArray();
                buffer = buffer.Slice(buffer.GetPosition(1, end));
                if (line.IndexOf("\"type\":\"text\""u8) >= 0)
                {
                    messages++;
                }
                else if (line.IndexOf("\"type\":\"end\""u8) >= 0)
                {
                    _fromPlugin.AdvanceTo(buffer.Start);
                    return messages;
                }
                else if (line.IndexOf("\"type\":\"error\""u8) >= 0)
                {
                    throw new InvalidOperationException(Encoding.UTF8.GetString(line));
                }
            }

            _fromPlugin.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted)
            {
                throw new InvalidOperationException("The host closed its output.");
            }
        }
    }

    private async Task<string> ReadBackwardsRequestIdAsync()
    {
        while (true)
        {
            var read = await _fromPlugin.ReadAsync();
            var buffer = read.Buffer;
            while (buffer.PositionOf((byte)'\n') is { } end)
            {
                var line = buffer.Slice(0, end).ToArray();
                buffer = buffer.Slice(buffer.GetPosition(1, end));
                if (line.AsSpan().IndexOf("\"type\":\"invoke\""u8) >= 0)
                {
                    _fromPlugin.AdvanceTo(buffer.Start);
                    return JsonDocument.Parse(line).RootElement.GetProperty("data").GetProperty("data").GetProperty("backwards_request_id").GetString()!;
                }
            }

            _fromPlugin.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted)
            {
                throw new InvalidOperationException("The host closed its output.");
            }
        }
    }

    private static byte[] Prefix(string sessionId, string backwardsId) => Encoding.UTF8.GetBytes(ChunkLine(sessionId, backwardsId, 0).Split("\"index\":0", 2)[0]);

    private static string ChunkLine(string sessionId, string backwardsId, int index) =>
        "{\"session_id\":\"" + sessionId + "\",\"event\":\"backwards_response\",\"data\":{\"backwards_request_id\":\"" + backwardsId
        + "\",\"event\":\"response\",\"message\":\"\",\"data\":{\"model\":\"gpt-4o-mini\",\"system_fingerprint\":null,\"delta\":{\"index\":" + index
        + ",\"message\":{\"role\":\"assistant\",\"content\":\"token" + index + " \",\"name\":null,\"tool_calls\":[]},\"usage\":null,\"finish_reason\":null}}}}";

    /// <summary>A tool that streams the model's answer back as one text message per chunk.</summary>
    private sealed class RelayTool : Tool
    {
        protected override async IAsyncEnumerable<ToolInvokeMessage> InvokeCoreAsync(ToolParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var config = new LLMModelConfig { Provider = "openai", Model = "gpt-4o-mini", Mode = "chat" };
            await foreach (var chunk in Session.Model.Llm.InvokeStreamingAsync(config, [new UserPromptMessage("relay")], cancellationToken: cancellationToken))
            {
                yield return CreateTextMessage(chunk.Delta.Message.Content.Text!);
            }
        }
    }
}

internal sealed record ChunkEnvelope(string SessionId, string Event, ChunkResponse Data);

internal sealed record ChunkResponse(string BackwardsRequestId, string Event, string Message, LLMResultChunk Data);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    UseStringEnumConverter = true,
    Converters = [typeof(PromptMessageConverter), typeof(AssistantPromptMessageConverter), typeof(PromptMessageContentConverter)])]
[JsonSerializable(typeof(ChunkEnvelope))]
internal sealed partial class FloorContext : JsonSerializerContext;
