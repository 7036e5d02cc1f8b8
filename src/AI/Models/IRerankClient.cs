namespace Dify.Plugin.AI;

/// <summary>Ranks documents by relevance to a query; Microsoft.Extensions.AI has no abstraction for it.</summary>
public interface IRerankClient
{
    /// <summary>Returns the documents that pass the client's threshold, best first, each with its index in <paramref name="documents"/>.</summary>
    /// <param name="query">The query.</param>
    /// <param name="documents">The documents.</param>
    /// <param name="cancellationToken">Ends the call.</param>
    Task<IReadOnlyList<RerankDocument>> RerankAsync(string query, IEnumerable<string> documents, CancellationToken cancellationToken = default);
}

/// <summary>An <see cref="IRerankClient"/> over a workspace rerank model (<c>Session.Model.Rerank</c>).</summary>
public sealed class DifyRerankClient : IRerankClient
{
    private readonly RerankInvocation _invocation;

    /// <summary>Creates a client for one model config.</summary>
    /// <param name="models">The session's model endpoints (<c>Session.Model</c>).</param>
    /// <param name="model">The model, typically a <c>model-selector</c> parameter with <c>scope: rerank</c>; its threshold and top-n apply.</param>
    public DifyRerankClient(ModelInvocations models, RerankModelConfig model)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(model);
        _invocation = models.Rerank;
        Model = model;
    }

    /// <summary>The model config every request uses.</summary>
    public RerankModelConfig Model { get; }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RerankDocument>> RerankAsync(string query, IEnumerable<string> documents, CancellationToken cancellationToken = default)
    {
        var result = await _invocation.InvokeAsync(Model, documents, query, cancellationToken).ConfigureAwait(false);
        return result.Docs;
    }
}
