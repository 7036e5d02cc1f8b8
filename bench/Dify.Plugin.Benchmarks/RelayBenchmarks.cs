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
// 250 warm-ups: the runtime goes on compiling the relay's methods at their final tier for about 175 relays (2,100
// methods, 1 s of JIT time, measured with JitInfo); with 5 or 80 warm-ups the relay was measured while that compiler
// thread took one of the two cores (docs/performance.md). The floor, one method, is done after a few.
[MemoryDiagnoser]
[WarmupCount(250)]
[IterationCount(40)]
public class RelayBenchmarks
{
    private RelayRig _rig = null!;

    [Params(10_000)]
    public int Chunks { get; set; }

    [GlobalSetup]
    public void Setup() => _rig = new RelayRig(Chunks);

    [GlobalCleanup]
    public void Cleanup() => _rig.Dispose();

    /// <summary>Deserializing each line once with a source-generated context: what any relay must at least pay.</summary>
    [Benchmark(Baseline = true)]
    public int DeserializeLines() => _rig.DeserializeLines();

    /// <summary>The same lines through the host: a request, its <c>invoke</c>, the chunks in, one text message out per chunk, <c>end</c>.</summary>
    [Benchmark]
    public Task<int> RelayThroughHost() => _rig.RelayAsync();
}

/// <summary>
/// The plugin host in local mode over in-memory pipes, with a tool that streams an LLM answer back as one text message
/// per chunk, and the daemon's side: <see cref="RelayAsync"/> sends a request, answers its <c>invoke</c> with the chunk
/// lines while it reads the plugin's output, and counts text messages until the session's <c>end</c>.
/// </summary>
internal sealed class RelayRig : IDisposable
{
    private readonly byte[][] _lines;
    private readonly Stream _toPlugin;
    private readonly PipeReader _fromPlugin;
    private readonly int _placeholderLength;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<int> _host;
    private int _request;

    private readonly int _chunks;

    /// <param name="chunks">Chunks per relayed stream.</param>
    /// <param name="distinctLines">
    /// Lines held in memory, sent over and over up to <paramref name="chunks"/>: fewer than the chunks keeps the daemon
    /// side's data out of a heap measurement of the host; as many as the chunks by default.
    /// </param>
    /// <param name="maxQueuedFrames">The host's bound per invocation; its default when null.</param>
    public RelayRig(int chunks, int? distinctLines = null, int? maxQueuedFrames = null)
    {
        _chunks = chunks;
        _lines = Enumerable.Range(0, distinctLines ?? chunks).Select(index => Encoding.UTF8.GetBytes(ChunkLine("SESSION", "BACKWARDS", index) + "\n")).ToArray();
        var toPlugin = new Pipe();
        var fromPlugin = new Pipe();
        _toPlugin = toPlugin.Writer.AsStream();
        _fromPlugin = fromPlugin.Reader;
        _placeholderLength = Prefix("SESSION", "BACKWARDS").Length;
        var tool = new ToolRegistration("relay", _ => new RelayTool(), null, "{}"u8.ToArray());
        var registration = new PluginRegistration("{}"u8.ToArray(), [new ProviderRegistration("bench", "{}"u8.ToArray(), "{}"u8.ToArray(), null, [tool])], []);
        _host = PluginHost.RunAsync(registration, [], new PluginHostOptions
        {
            Environment = new Dictionary<string, string?> { ["INSTALL_METHOD"] = "local", ["HEARTBEAT_INTERVAL"] = "59" },
            DotEnvPath = Path.Combine(Path.GetTempPath(), "no-such.env"),
            LocalStreams = (toPlugin.Reader.AsStream(), fromPlugin.Writer.AsStream()),
            MaxQueuedFramesPerInvocation = maxQueuedFrames ?? HostSession.DefaultMaxQueuedFrames,
        }, _stop.Token);
    }


    /// <summary>The distinct lines <see cref="DeserializeLines"/> reads.</summary>
    public int DistinctLines => _lines.Length;

    public void Dispose()
    {
        _stop.Cancel();
        _toPlugin.Dispose();
        _host.Wait(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }

    /// <summary>Each line deserialized once, in memory, with a source-generated context into the types the host reads.</summary>
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

    /// <summary>One request relayed: the text messages the daemon's side counted.</summary>
    public async Task<int> RelayAsync()
    {
        var sessionId = "s" + Interlocked.Increment(ref _request);
        var request = $$$$"""{"session_id":"{{{{sessionId}}}}","event":"request","data":{"user_id":"u","type":"tool","action":"invoke_tool","provider":"bench","tool":"relay","credentials":{},"credential_type":"api-key","tool_parameters":{}}}""";
        await _toPlugin.WriteAsync(Encoding.UTF8.GetBytes(request + "\n"));
        await _toPlugin.FlushAsync();
        var backwardsId = await ReadBackwardsRequestIdAsync();

        // As the daemon does, the answer is written while the plugin's output is read: the host's queue per invocation is
        // bounded, so a writer that read nothing until it had written everything would wait for ever.
        var reading = CountMessagesUntilEndAsync();
        await WriteAnswerAsync(sessionId, backwardsId);
        return await reading;
    }

    private async Task WriteAnswerAsync(string sessionId, string backwardsId)
    {
        var prefix = Prefix(sessionId, backwardsId);
        var buffer = new byte[prefix.Length + _lines.Max(line => line.Length)];
        prefix.CopyTo(buffer, 0);
        for (var chunk = 0; chunk < _chunks; chunk++)
        {
            // The fixed lines name a placeholder session; each iteration's session and invocation go in front of the
            // rest, and each line goes out in one write, as the daemon writes it.
            var rest = _lines[chunk % _lines.Length].AsSpan(_placeholderLength);
            rest.CopyTo(buffer.AsSpan(prefix.Length));
            await _toPlugin.WriteAsync(buffer.AsMemory(0, prefix.Length + rest.Length));
        }

        await _toPlugin.WriteAsync(Encoding.UTF8.GetBytes(Envelope(sessionId, $$$$"""{"backwards_request_id":"{{{{backwardsId}}}}","event":"end","message":"","data":null}""") + "\n"));
        await _toPlugin.FlushAsync();
    }

    private async Task<int> CountMessagesUntilEndAsync()
    {
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

    /// <summary>
    /// A line as the daemon writes it: every field of its <c>pluginInStreamMessage</c>, in the struct's order
    /// (dify-plugin-daemon internal/core/session_manager/session.go:292-301), around a <c>backwards_response</c>'s data.
    /// </summary>
    private static string Envelope(string sessionId, string data) =>
        "{\"session_id\":\"" + sessionId + "\",\"conversation_id\":null,\"message_id\":null,\"app_id\":\"app-1\",\"endpoint_id\":null,"
        + "\"context\":{\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\"},\"event\":\"backwards_response\",\"data\":" + data + "}";

    private static string ChunkLine(string sessionId, string backwardsId, int index) => Envelope(
        sessionId,
        "{\"backwards_request_id\":\"" + backwardsId
        + "\",\"event\":\"response\",\"message\":\"stream\",\"data\":{\"model\":\"gpt-4o-mini\",\"system_fingerprint\":null,\"delta\":{\"index\":" + index
        + ",\"message\":{\"role\":\"assistant\",\"content\":\"token" + index + " \",\"name\":null,\"tool_calls\":[]},\"usage\":null,\"finish_reason\":null}}}");

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

// Classes with setters, not positional records: the generated code then reads each property where it stands, as fast
// as System.Text.Json deserializes, instead of buffering constructor arguments; a record would flatter the relay.
internal sealed class ChunkEnvelope
{
    public string SessionId { get; set; } = "";

    public string Event { get; set; } = "";

    public ChunkResponse Data { get; set; } = null!;
}

internal sealed class ChunkResponse
{
    public string BackwardsRequestId { get; set; } = "";

    public string Event { get; set; } = "";

    public string Message { get; set; } = "";

    public LLMResultChunk Data { get; set; } = null!;
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    UseStringEnumConverter = true,
    Converters = [typeof(PromptMessageConverter), typeof(AssistantPromptMessageConverter), typeof(PromptMessageContentConverter)])]
[JsonSerializable(typeof(ChunkEnvelope))]
internal sealed partial class FloorContext : JsonSerializerContext;
