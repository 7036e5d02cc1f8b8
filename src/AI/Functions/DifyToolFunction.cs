using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Dify.Plugin.AI;

/// <summary>
/// A Dify tool as an <see cref="AIFunction"/>: its name and LLM description from the manifest, its JSON schema the one
/// the manifest's <c>form: llm</c> parameters define (as Dify's agent runner builds it, captured by the generator),
/// and its invocation bound through the generated binder, so bad arguments fail with a
/// <see cref="ToolParametersException"/> naming each parameter and rule. The result is the tool's messages as text
/// (<see cref="ToolResultText"/>). No reflection: the schema is the generator's.
/// </summary>
/// <example>
/// <code>
/// var search = DifyToolFunction.Create(SearchParameters.Descriptor, () => new SearchTool(), new ToolInvocationContext(Session, Runtime));
/// var agent = new FunctionInvokingChatClient(Session.Model.AsChatClient(parameters.Model));
/// var answer = await agent.GetResponseAsync(question, new ChatOptions { Tools = [search] });
/// </code>
/// </example>
public sealed class DifyToolFunction : AIFunction
{
    private readonly Func<ToolParameters, CancellationToken, IAsyncEnumerable<ToolInvokeMessage>> _run;
    private readonly JsonObject _formParameters;
    private readonly JsonElement _jsonSchema;

    private DifyToolFunction(ToolDescriptor descriptor, Func<ToolParameters, CancellationToken, IAsyncEnumerable<ToolInvokeMessage>> run, JsonObject? formParameters)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        Descriptor = descriptor;
        _run = run;
        _formParameters = formParameters?.DeepClone().AsObject() ?? [];
        using var schema = JsonDocument.Parse(descriptor.LlmParametersSchemaJson);
        _jsonSchema = schema.RootElement.Clone();
    }

    /// <summary>What the tool's manifest declares.</summary>
    public ToolDescriptor Descriptor { get; }

    /// <summary>The tool's <c>identity.name</c>.</summary>
    public override string Name => Descriptor.Name;

    /// <summary>The tool's <c>description.llm</c>.</summary>
    public override string Description => Descriptor.LlmDescription;

    /// <summary>The schema of the <c>form: llm</c> parameters.</summary>
    public override JsonElement JsonSchema => _jsonSchema;

    /// <summary>A function that runs a tool class: a new instance per call, bound by its generated <c>InvokeCoreAsync</c>.</summary>
    /// <param name="descriptor">The tool's descriptor, for example <c>SearchTool.Descriptor</c>.</param>
    /// <param name="createTool">Makes a new tool instance for each call.</param>
    /// <param name="context">The session and runtime the tool runs with, for example <c>new ToolInvocationContext(Session, Runtime)</c> inside another tool.</param>
    /// <param name="formParameters">
    /// Values of the tool's <c>form: form</c> parameters (model selectors, settings), which the model does not fill. They
    /// win over the model's arguments of the same name, as in Dify.
    /// </param>
    public static DifyToolFunction Create(ToolDescriptor descriptor, Func<Tool> createTool, ToolInvocationContext context, JsonObject? formParameters = null)
    {
        ArgumentNullException.ThrowIfNull(createTool);
        ArgumentNullException.ThrowIfNull(context);
        return new DifyToolFunction(descriptor, (parameters, cancellationToken) => createTool().RunAsync(context, parameters, cancellationToken), formParameters);
    }

    /// <summary>A function that binds a generated parameter record and runs a delegate with it.</summary>
    /// <typeparam name="TParameters">The generated parameter record, such as <c>SearchParameters</c>.</typeparam>
    /// <param name="descriptor">The record's descriptor, <c>SearchParameters.Descriptor</c>.</param>
    /// <param name="bind">The record's generated binder, <c>SearchParameters.Bind</c>.</param>
    /// <param name="invoke">What to do with the bound parameters.</param>
    /// <param name="formParameters">Values of the <c>form: form</c> parameters, which the model does not fill.</param>
    public static DifyToolFunction Create<TParameters>(
        ToolDescriptor descriptor,
        Func<ToolParameters, TParameters> bind,
        Func<TParameters, CancellationToken, IAsyncEnumerable<ToolInvokeMessage>> invoke,
        JsonObject? formParameters = null)
    {
        ArgumentNullException.ThrowIfNull(bind);
        ArgumentNullException.ThrowIfNull(invoke);
        return new DifyToolFunction(descriptor, (parameters, cancellationToken) => invoke(bind(parameters), cancellationToken), formParameters);
    }

    /// <summary>Runs the tool with the model's arguments and returns its messages (not their text).</summary>
    /// <param name="arguments">The model's arguments.</param>
    /// <param name="cancellationToken">Ends the run.</param>
    /// <exception cref="ToolParametersException">The arguments do not fit the manifest.</exception>
    public async Task<IReadOnlyList<ToolInvokeMessage>> RunAsync(IEnumerable<KeyValuePair<string, object?>> arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var messages = new List<ToolInvokeMessage>();
        await foreach (var message in _run(ToToolParameters(arguments), cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            messages.Add(message);
        }

        return messages;
    }

    /// <inheritdoc />
    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken) =>
        ToolResultText.From(await RunAsync(arguments, cancellationToken).ConfigureAwait(false));

    private ToolParameters ToToolParameters(IEnumerable<KeyValuePair<string, object?>> arguments)
    {
        var parameters = JsonValues.ToObject(arguments);
        foreach (var (name, value) in _formParameters)
        {
            parameters[name] = value?.DeepClone();
        }

        return ToolParameters.Parse(parameters.ToJsonString());
    }
}
