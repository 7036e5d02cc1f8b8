using System.Text.Json.Nodes;
using Dify.Plugin.Invocation;
using Dify.Plugin.Serialization;

namespace Dify.Plugin;

/// <summary>
/// Runs single workflow nodes (Python SDK: <c>session.workflow_node</c>). Needs <c>resource.permission.node.enabled</c>
/// in <c>manifest.yaml</c>.
/// </summary>
public sealed class WorkflowNodeInvocations
{
    internal WorkflowNodeInvocations(BackwardsInvoker invoker)
    {
        QuestionClassifier = new QuestionClassifierNodeInvocation(invoker);
        ParameterExtractor = new ParameterExtractorNodeInvocation(invoker);
    }

    /// <summary>The question classifier node (<c>session.workflow_node.question_classifier</c>).</summary>
    public QuestionClassifierNodeInvocation QuestionClassifier { get; }

    /// <summary>The parameter extractor node (<c>session.workflow_node.parameter_extractor</c>).</summary>
    public ParameterExtractorNodeInvocation ParameterExtractor { get; }

    // The node's ModelConfig names the model `name`, where model configs elsewhere say `model`.
    internal static NodeModelConfigPayload ToWire(LLMModelConfig model)
    {
        ModelConfigValidation.Validate(model);
        return new NodeModelConfigPayload
        {
            Provider = model.Provider,
            Name = model.Model,
            Mode = model.Mode,
            CompletionParams = (JsonObject)model.CompletionParams.DeepClone(),
        };
    }
}

/// <summary>Runs Dify's question classifier node (Python SDK: <c>session.workflow_node.question_classifier</c>).</summary>
public sealed class QuestionClassifierNodeInvocation
{
    private readonly BackwardsInvoker _invoker;

    internal QuestionClassifierNodeInvocation(BackwardsInvoker invoker) => _invoker = invoker;

    /// <summary>Sorts <paramref name="query"/> into one of <paramref name="classes"/> (<c>question_classifier.invoke</c>).</summary>
    /// <param name="classes">The classes.</param>
    /// <param name="model">The model, best taken from a <c>model-selector</c> parameter with <c>scope: llm</c>.</param>
    /// <param name="query">The question.</param>
    /// <param name="instruction">Extra instructions for the model.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public Task<NodeResponse> InvokeAsync(IEnumerable<ClassConfig> classes, LLMModelConfig model, string query, string instruction = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(instruction);
        var request = new QuestionClassifierInvokeRequest
        {
            Classes = classes.Select(c => new ClassConfigPayload { Id = c.Id, Name = c.Name }).ToArray(),
            Model = WorkflowNodeInvocations.ToWire(model),
            Query = query,
            Instruction = instruction,
        };
        return _invoker.InvokeSingleAsync(InvokeType.NodeQuestionClassifier, request, DifyJsonContext.Default.QuestionClassifierInvokeRequest, DifyJsonContext.Default.NodeResponse, cancellationToken);
    }
}

/// <summary>Runs Dify's parameter extractor node (Python SDK: <c>session.workflow_node.parameter_extractor</c>).</summary>
public sealed class ParameterExtractorNodeInvocation
{
    private readonly BackwardsInvoker _invoker;

    internal ParameterExtractorNodeInvocation(BackwardsInvoker invoker) => _invoker = invoker;

    /// <summary>Extracts <paramref name="parameters"/> from <paramref name="query"/> (<c>parameter_extractor.invoke</c>).</summary>
    /// <param name="parameters">The parameters to find.</param>
    /// <param name="model">The model, best taken from a <c>model-selector</c> parameter with <c>scope: llm</c>.</param>
    /// <param name="query">The text to read.</param>
    /// <param name="instruction">Extra instructions for the model.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    public Task<NodeResponse> InvokeAsync(IEnumerable<ParameterConfig> parameters, LLMModelConfig model, string query, string instruction = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(instruction);
        var request = new ParameterExtractorInvokeRequest
        {
            Parameters = parameters.Select(p => new ParameterConfigPayload
            {
                Name = p.Name,
                Type = p.TypeWireName,
                Options = p.Options,
                Description = p.Description,
                Required = p.Required,
            }).ToArray(),
            Model = WorkflowNodeInvocations.ToWire(model),
            Query = query,
            Instruction = instruction,
        };
        return _invoker.InvokeSingleAsync(InvokeType.NodeParameterExtractor, request, DifyJsonContext.Default.ParameterExtractorInvokeRequest, DifyJsonContext.Default.NodeResponse, cancellationToken);
    }
}
