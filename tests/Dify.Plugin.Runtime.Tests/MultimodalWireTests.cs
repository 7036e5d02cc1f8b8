using System.Text.Json;
using System.Text.Json.Nodes;
using Dify.Plugin.Invocation;
using Dify.Plugin.Testing;
using Xunit;

namespace Dify.Plugin.Tests;

/// <summary>
/// Multimodal embedding and rerank, against JSON written from the SDK (invocations/model/text_embedding.py
/// invoke_multimodal, invocations/model/rerank.py:33-58, entities/model/text_embedding.py:43-72, rerank.py:37-61) and
/// the daemon (pkg/entities/requests/model.go:65-83, pkg/entities/model_entities/multimodal.go).
/// </summary>
public sealed class MultimodalWireTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly TestSession _test = new();

    [Fact]
    public async Task Multimodal_embedding_sends_texts_and_base64_images_and_reads_the_sdks_result()
    {
        _test.MultimodalEmbedding.Endpoint.Enqueue(BackwardsResponseFrame.Struct(Golden("multimodal_embedding.response.json")), BackwardsResponseFrame.End);

        var result = await _test.Session.Model.TextEmbedding.InvokeMultimodalAsync(
            new TextEmbeddingModelConfig { Provider = "langgenius/jina/jina", Model = "jina-clip-v2" },
            [MultimodalContent.FromText("a red bicycle"), MultimodalContent.FromImage(PngSignature)],
            EmbeddingInputType.Document);

        var invocation = Assert.Single(_test.Invocations);
        Assert.Equal("multimodal_embedding", invocation.Type.ToWireName());
        GoldenJson.AssertEqual(GoldenJson.Load("multimodal_embedding.request.json"), JsonNode.Parse(invocation.RequestJson.Span));
        Assert.Equal("jina-clip-v2", result.Model);
        Assert.Equal([[0.5f, -0.25f], [0.125f, 1.0f]], result.Embeddings);
        Assert.Equal((7, 0.00000007m), (result.Usage.TotalTokens, result.Usage.TotalPrice));
    }

    [Fact]
    public async Task Multimodal_rerank_sends_a_content_query_and_documents_and_reads_the_ranked_documents()
    {
        _test.MultimodalRerank.Endpoint.Enqueue(BackwardsResponseFrame.Struct(Golden("multimodal_rerank.response.json")), BackwardsResponseFrame.End);

        var result = await _test.Session.Model.Rerank.InvokeMultimodalAsync(
            new RerankModelConfig { Provider = "langgenius/jina/jina", Model = "jina-reranker-m0", ScoreThreshold = 0.3, TopN = 1 },
            MultimodalContent.FromText("a red bicycle"),
            [MultimodalContent.FromImage(PngSignature), MultimodalContent.FromText("a blue car")]);

        var invocation = Assert.Single(_test.Invocations);
        Assert.Equal("multimodal_rerank", invocation.Type.ToWireName());
        GoldenJson.AssertEqual(GoldenJson.Load("multimodal_rerank.request.json"), JsonNode.Parse(invocation.RequestJson.Span));
        Assert.Equal(new RerankDocument(0, "iVBORw0KGgo=", 0.88), Assert.Single(result.Docs));
    }

    [Fact]
    public async Task Multimodal_scripts_answer_from_values_and_record_requests()
    {
        _test.MultimodalRerank.RespondWith(new RerankResult { Model = "m", Docs = [new RerankDocument(1, "b", 0.5)] });

        var result = await _test.Session.Model.Rerank.InvokeMultimodalAsync(
            new RerankModelConfig { Provider = "p", Model = "m" }, MultimodalContent.FromText("q"), [MultimodalContent.FromText("a"), MultimodalContent.FromText("b")]);

        Assert.Equal("b", Assert.Single(result.Docs).Text);
        var request = Assert.Single(_test.MultimodalRerank.Requests);
        Assert.Equal((0d, 2), ((double)request["score_threshold"]!, (int)request["top_n"]!));
    }

    private static JsonElement Golden(string name) => JsonSerializer.SerializeToElement(GoldenJson.Load(name));
}
