using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Dify.Plugin.Schema.Tests.Lsp;

/// <summary>
/// A Language Server Protocol client over a server process's standard input and output (JSON-RPC 2.0 with
/// Content-Length framing): requests, notifications, the server's own requests, and the diagnostics it publishes.
/// </summary>
internal sealed class LanguageServerConnection : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Stream _input;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode?>> _pending = new();
    private readonly ConcurrentDictionary<string, JsonArray> _diagnostics = new(StringComparer.Ordinal);
    private readonly StringBuilder _errorOutput = new();
    private readonly Task _readLoop;
    private int _nextId;
    private long _lastPublish = Stopwatch.GetTimestamp();

    public LanguageServerConnection(Process process)
    {
        _process = process;
        _input = process.StandardInput.BaseStream;
        process.ErrorDataReceived += (_, line) =>
        {
            lock (_errorOutput)
            {
                _errorOutput.AppendLine(line.Data);
            }
        };
        process.BeginErrorReadLine();
        _readLoop = Task.Run(() => ReadLoopAsync(new BufferedStream(process.StandardOutput.BaseStream)));
    }

    /// <summary>What the server wrote to standard error, for failure messages.</summary>
    public string ErrorOutput
    {
        get
        {
            lock (_errorOutput)
            {
                return _errorOutput.ToString();
            }
        }
    }

    /// <summary>Answers the server's <c>workspace/configuration</c> requests: the settings of a section, or null.</summary>
    public Func<string?, JsonNode?> Configuration { get; set; } = _ => null;

    public async Task<JsonNode?> RequestAsync(string method, JsonNode? parameters, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var response = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = response;
        await WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters }, cancellationToken);
        using var registration = cancellationToken.Register(() => response.TrySetCanceled(cancellationToken));
        return await response.Task;
    }

    public Task NotifyAsync(string method, JsonNode? parameters, CancellationToken cancellationToken) =>
        WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters }, cancellationToken);

    /// <summary>
    /// Waits until the server has published diagnostics for every one of <paramref name="uris"/> and then published
    /// nothing for <paramref name="quiet"/> (a server may publish a document again once its schema has loaded).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, JsonArray>> WaitForDiagnosticsAsync(IReadOnlyCollection<string> uris, TimeSpan quiet, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_readLoop.IsCompleted)
            {
                throw new InvalidOperationException("The language server stopped before publishing diagnostics for every document.\n" + ErrorOutput);
            }

            var idle = Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastPublish));
            if (uris.All(_diagnostics.ContainsKey) && idle >= quiet)
            {
                return uris.ToDictionary(uri => uri, uri => _diagnostics[uri], StringComparer.Ordinal);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    private async Task WriteAsync(JsonObject message, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await _input.WriteAsync(header, cancellationToken);
            await _input.WriteAsync(body, cancellationToken);
            await _input.FlushAsync(cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync(Stream output)
    {
        try
        {
            while (await ReadMessageAsync(output) is { } message)
            {
                await DispatchAsync(message);
            }
        }
        finally
        {
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new InvalidOperationException("The language server closed its output.\n" + ErrorOutput));
            }
        }
    }

    private async Task DispatchAsync(JsonObject message)
    {
        var method = message["method"]?.GetValue<string>();
        if (method is null)
        {
            if (message["id"]?.GetValue<int>() is { } id && _pending.TryRemove(id, out var response))
            {
                if (message["error"] is { } error)
                {
                    response.TrySetException(new InvalidOperationException($"The language server answered with an error: {error.ToJsonString()}"));
                }
                else
                {
                    response.TrySetResult(message["result"]);
                }
            }

            return;
        }

        if (method == "textDocument/publishDiagnostics" && message["params"] is JsonObject published)
        {
            _diagnostics[published["uri"]!.GetValue<string>()] = published["diagnostics"]!.AsArray();
            Interlocked.Exchange(ref _lastPublish, Stopwatch.GetTimestamp());
            return;
        }

        if (message["id"] is { } requestId)
        {
            // A request of the server's own: configuration gets the settings, everything else (capability
            // registration, progress tokens) an empty success.
            JsonNode? result = null;
            if (method == "workspace/configuration" && message["params"]?["items"] is JsonArray items)
            {
                result = new JsonArray(items.Select(item => Configuration(item?["section"]?.GetValue<string>())?.DeepClone()).ToArray());
            }

            await WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = requestId.DeepClone(), ["result"] = result }, CancellationToken.None);
        }
    }

    private static async Task<JsonObject?> ReadMessageAsync(Stream output)
    {
        var contentLength = -1;
        while (true)
        {
            var line = await ReadHeaderLineAsync(output);
            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                break;
            }

            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        if (contentLength < 0)
        {
            throw new InvalidDataException("A message from the language server has no Content-Length header.");
        }

        var body = new byte[contentLength];
        await output.ReadExactlyAsync(body);
        return JsonNode.Parse(body)!.AsObject();
    }

    private static async Task<string?> ReadHeaderLineAsync(Stream output)
    {
        var line = new StringBuilder();
        var single = new byte[1];
        while (true)
        {
            if (await output.ReadAsync(single) == 0)
            {
                return line.Length == 0 ? null : line.ToString();
            }

            if (single[0] == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)single[0]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await RequestAsync("shutdown", null, timeout.Token);
                await NotifyAsync("exit", null, timeout.Token);
                await _process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or InvalidOperationException or IOException)
        {
            // A server that does not stop when asked is ended below.
        }
        finally
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
            _writeLock.Dispose();
        }
    }
}
