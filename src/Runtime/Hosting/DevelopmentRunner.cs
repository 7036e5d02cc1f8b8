using System.Text.Json;
using System.Text.Json.Nodes;
using Dify.Plugin.Invocation;

namespace Dify.Plugin.Hosting;

/// <summary>What a development backend is configured with on the command line.</summary>
/// <param name="Model">The model to use (<c>--model</c>), if given.</param>
/// <param name="BaseUrl">The endpoint (<c>--base-url</c>), if given.</param>
/// <param name="ApiKey">The API key (<c>--api-key</c>, or the backend's own variable), if given.</param>
public sealed record DevelopmentBackendSettings(string? Model, string? BaseUrl, string? ApiKey);

/// <summary>
/// <c>invoke &lt;tool&gt; [--param name=value]... [--credential name=value]... [--backend builtin|openai] [--model m]
/// [--base-url url] [--api-key k]</c>: runs a tool in-process and prints each message as it arrives, as Dify would
/// receive it (JSON, one line each, non-ASCII text as is).
/// </summary>
internal static class DevelopmentRunner
{
    /// <summary>Variables named so, in the environment or <c>.env</c>, are the provider's credentials (<c>DIFY_CREDENTIAL_api_key</c>).</summary>
    public const string CredentialPrefix = "DIFY_CREDENTIAL_";

    private static readonly JsonWriterOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<int> RunAsync(PluginRegistration registration, string[] args, PluginHostOptions options, CancellationToken cancellationToken)
    {
        var output = options.Output ?? Console.Out;
        var error = options.Log ?? Console.Error;
        var tools = registration.Providers.SelectMany(provider => provider.Tools).ToArray();
        if (args.Length < 2 || args[0] != "invoke")
        {
            await error.WriteLineAsync(Usage(tools)).ConfigureAwait(false);
            return args.Length > 0 && args[0] is "--help" or "-h" or "help" ? 0 : 2;
        }

        var tool = tools.FirstOrDefault(candidate => candidate.Name == args[1]);
        if (tool?.Create is null)
        {
            await error.WriteLineAsync(tool is null
                ? $"error: this plugin has no tool '{args[1]}'; its tools are: {string.Join(", ", tools.Select(t => t.Name))}"
                : $"error: tool '{tool.Name}' has no class; add [DifyTool(\"{tool.Name}\")] to a partial class").ConfigureAwait(false);
            return 2;
        }

        var parameters = new JsonObject();
        var credentials = CredentialsFromSettings(options);
        string backendName = "builtin";
        string? model = null, baseUrl = null, apiKey = null;
        for (var i = 2; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--param" when value is not null && value.Contains('=', StringComparison.Ordinal):
                    var separator = value.IndexOf('=', StringComparison.Ordinal);
                    parameters[value[..separator]] = ParseValue(value[(separator + 1)..]);
                    i++;
                    break;
                case "--credential" when value is not null && value.Contains('=', StringComparison.Ordinal):
                    var equals = value.IndexOf('=', StringComparison.Ordinal);
                    credentials[value[..equals]] = value[(equals + 1)..];
                    i++;
                    break;
                case "--backend" when value is not null:
                    backendName = value;
                    i++;
                    break;
                case "--model" when value is not null:
                    model = value;
                    i++;
                    break;
                case "--base-url" when value is not null:
                    baseUrl = value;
                    i++;
                    break;
                case "--api-key" when value is not null:
                    apiKey = value;
                    i++;
                    break;
                default:
                    await error.WriteLineAsync($"error: unexpected argument '{args[i]}'\n{Usage(tools)}").ConfigureAwait(false);
                    return 2;
            }
        }

        IBackwardsInvocationTransport backend;
        string label;
        if (backendName.Equals("builtin", StringComparison.OrdinalIgnoreCase))
        {
            backend = new BuiltInDevelopmentBackend();
            label = BuiltInDevelopmentBackend.Label;
        }
        else if (options.DevelopmentBackends.TryGetValue(backendName, out var create))
        {
            backend = create(new DevelopmentBackendSettings(model, baseUrl, apiKey));
            label = $"the '{backendName}' development backend ({baseUrl ?? "default endpoint"}, model {model ?? "default"})";
        }
        else
        {
            await error.WriteLineAsync($"error: no development backend '{backendName}'; available: builtin{string.Concat(options.DevelopmentBackends.Keys.Select(key => ", " + key))}").ConfigureAwait(false);
            return 2;
        }

        FillModelSelectors(parameters, tool.Descriptor, backendName, model);
        await error.WriteLineAsync($"Running tool '{tool.Name}' in-process; model calls are answered by {label}.").ConfigureAwait(false);
        var session = new Session(backend) { SessionId = "development", UserId = "developer" };
        var runtime = new ToolRuntime { UserId = "developer", SessionId = "development", Credentials = new ToolCredentials(credentials) };

        // The tool's log lines (ILogger) go to standard error beside the host's, queued so that they keep their order.
        await using var toolLog = QueuedLog.ToText(error);
        using var hostLog = PluginHostLog.Enter(toolLog);
        try
        {
            await using var request = ToolActivation.BeginRequest(options.Services);
            var instance = request.Own(tool.Create(request.Services));
            var raw = new ToolParameters(JsonSerializer.SerializeToElement(parameters, Serialization.DifyJsonContext.Default.JsonObject));
            await foreach (var message in instance.RunAsync(new ToolInvocationContext(session, runtime), raw, cancellationToken).ConfigureAwait(false))
            {
                await output.WriteLineAsync(ReadableJson(message)).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is ToolParametersException or DifyInvocationException or DifyProtocolException)
        {
            await error.WriteLineAsync($"error: {exception.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // What Dify would show as the session's error, and where it came from: the tool's own exception, not a crash.
            await error.WriteLineAsync($"error: tool '{tool.Name}' failed with {exception.GetType().Name}: {exception.Message}\n{exception.StackTrace}").ConfigureAwait(false);
            return 1;
        }

        return 0;
    }

    /// <summary>A message as one line of JSON that a person can read: non-ASCII text and quotes are not escaped as \\uXXXX.</summary>
    private static string ReadableJson(ToolInvokeMessage message)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Readable))
        {
            message.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Credentials from <c>DIFY_CREDENTIAL_*</c> in <c>.env</c> and the environment (the environment wins, as for settings).</summary>
    private static Dictionary<string, string> CredentialsFromSettings(PluginHostOptions options)
    {
        var credentials = new Dictionary<string, string>(StringComparer.Ordinal);
        var dotEnv = options.DotEnvPath ?? Path.Combine(Directory.GetCurrentDirectory(), ".env");
        var variables = File.Exists(dotEnv) ? PluginSettings.ParseDotEnv(File.ReadAllLines(dotEnv)).ToList() : [];
        variables.AddRange((options.Environment ?? Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                .ToDictionary(entry => (string)entry.Key, entry => entry.Value as string))
            .Where(pair => pair.Value is not null)
            .Select(pair => new KeyValuePair<string, string>(pair.Key, pair.Value!)));
        foreach (var (key, value) in variables)
        {
            if (key.StartsWith(CredentialPrefix, StringComparison.OrdinalIgnoreCase) && key.Length > CredentialPrefix.Length)
            {
                credentials[key[CredentialPrefix.Length..]] = value;
            }
        }

        return credentials;
    }

    /// <summary>Model selectors the user did not pass get a development model of their scope's type.</summary>
    private static void FillModelSelectors(JsonObject parameters, ToolDescriptor? descriptor, string backend, string? model)
    {
        foreach (var parameter in descriptor?.Parameters.Where(p => p.Type == "model-selector" && !parameters.ContainsKey(p.Name)) ?? [])
        {
            var modelType = new[] { "llm", "text-embedding", "rerank", "moderation", "speech2text", "tts" }.FirstOrDefault(parameter.ScopeTokens.Contains) ?? "llm";
            var selection = new JsonObject
            {
                ["provider"] = backend,
                ["model"] = model ?? (backend == "builtin" ? "echo" : "default"),
                ["model_type"] = modelType,
                ["mode"] = "chat",
                ["completion_params"] = new JsonObject(),
            };
            if (modelType == "tts")
            {
                selection["voice"] = "default";
            }

            parameters[parameter.Name] = selection;
        }
    }

    private static JsonNode? ParseValue(string value)
    {
        // JSON (an object, a list, a number, true/false) is passed as JSON; anything else as text.
        try
        {
            return JsonNode.Parse(value);
        }
        catch (JsonException)
        {
            return value;
        }
    }

    private static string Usage(IEnumerable<ToolRegistration> tools) =>
        "usage: invoke <tool> [--param name=value]... [--credential name=value]... [--backend builtin|<name>] [--model <model>] [--base-url <url>] [--api-key <key>]\n"
        + "  credentials also come from DIFY_CREDENTIAL_<name> in .env or the environment\n"
        + "  tools: " + string.Join(", ", tools.Select(tool => tool.Name)) + "\n"
        + "  Without arguments the plugin connects to Dify as INSTALL_METHOD (local or remote) says.";
}
