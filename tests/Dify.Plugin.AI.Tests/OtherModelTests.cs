using Dify.Plugin.Testing;
using Microsoft.Extensions.AI;
using Xunit;

namespace Dify.Plugin.AI.Tests;

public sealed class OtherModelTests
{
    private static readonly TextEmbeddingModelConfig Embedding = new() { Provider = "openai", Model = "text-embedding-3-small" };

    [Fact]
    public async Task Embeddings_come_back_one_vector_per_text_with_usage()
    {
        var test = new TestSession();
        test.TextEmbedding.RespondWith(new TextEmbeddingResult
        {
            Model = "text-embedding-3-small",
            Embeddings = [[0.1f, 0.2f], [0.3f, 0.4f]],
            Usage = new EmbeddingUsage { Tokens = 6, TotalTokens = 6 },
        });
        IEmbeddingGenerator<string, Embedding<float>> generator = test.Session.Model.AsEmbeddingGenerator(Embedding, EmbeddingInputType.Document);

        var embeddings = await generator.GenerateAsync(["cat", "dog"]);

        Assert.Equal([[0.1f, 0.2f], [0.3f, 0.4f]], embeddings.Select(embedding => embedding.Vector.ToArray()));
        Assert.All(embeddings, embedding => Assert.Equal("text-embedding-3-small", embedding.ModelId));
        Assert.Equal(6, embeddings.Usage?.InputTokenCount);
        JsonAssert.Equal("""
            {"provider": "openai", "model": "text-embedding-3-small", "model_type": "text-embedding", "texts": ["cat", "dog"], "input_type": "document"}
            """, test.TextEmbedding.Requests.Single());
    }

    [Fact]
    public async Task One_call_can_embed_queries_with_another_model()
    {
        var test = new TestSession();
        test.TextEmbedding.RespondWith(new TextEmbeddingResult { Embeddings = [[1f]] });
        var generator = test.Session.Model.AsEmbeddingGenerator(Embedding, EmbeddingInputType.Document);

        await generator.GenerateAsync(["cat"], new EmbeddingGenerationOptions { ModelId = "text-embedding-3-large", AdditionalProperties = new() { ["input_type"] = "query" } });

        var request = test.TextEmbedding.Requests.Single();
        Assert.Equal(("text-embedding-3-large", "query"), ((string?)request["model"], (string?)request["input_type"]));
    }

    [Fact]
    public async Task Dimensions_are_refused_since_Dify_has_none()
    {
        var generator = new TestSession().Session.Model.AsEmbeddingGenerator(Embedding);

        await Assert.ThrowsAsync<NotSupportedException>(() => generator.GenerateAsync(["cat"], new EmbeddingGenerationOptions { Dimensions = 256 }));
    }

    [Fact]
    public async Task Speech_to_text_sends_the_audio_as_hex_and_returns_the_transcript()
    {
        var test = new TestSession();
        test.Speech2Text.RespondWith("hello there");
        test.Speech2Text.RespondWith("again");
        ISpeechToTextClient client = test.Session.Model.AsSpeechToTextClient(new Speech2TextModelConfig { Provider = "openai", Model = "whisper-1" });

        var response = await client.GetTextAsync(new MemoryStream([0xAB, 0x01]));
        var updates = await client.GetStreamingTextAsync(new MemoryStream([0x02])).ToListAsync();

        Assert.Equal("hello there", response.Text);
        Assert.Equal("again", string.Concat(updates.Select(update => update.Text)));
        JsonAssert.Equal("""{"provider": "openai", "model": "whisper-1", "model_type": "speech2text", "file": "ab01"}""", test.Speech2Text.Requests[0]);
    }

    [Fact]
    public async Task Text_to_speech_returns_the_audio_and_streams_its_segments()
    {
        var test = new TestSession();
        test.Tts.RespondWithAudio([1, 2], [3]);
        test.Tts.RespondWithAudio([4], [5, 6]);
        ITextToSpeechClient client = test.Session.Model.AsTextToSpeechClient(new TTSModelConfig { Provider = "openai", Model = "tts-1", Voice = "alloy" });

        var response = await client.GetAudioAsync("Hi", new TextToSpeechOptions { VoiceId = "nova" });
        var updates = await client.GetStreamingAudioAsync("Bye").ToListAsync();

        var audio = Assert.IsType<DataContent>(Assert.Single(response.Contents));
        Assert.Equal(new byte[] { 1, 2, 3 }, audio.Data.ToArray());
        Assert.Equal("audio/mpeg", audio.MediaType);
        Assert.Equal([[4], [5, 6]], updates.Select(update => Assert.IsType<DataContent>(Assert.Single(update.Contents)).Data.ToArray()));
        var requests = test.Tts.Endpoint.Requests.Select(request => System.Text.Json.Nodes.JsonNode.Parse(request.RequestJson.Span)).ToArray();
        JsonAssert.Equal("""{"provider": "openai", "model": "tts-1", "model_type": "tts", "voice": "nova", "content_text": "Hi"}""", requests[0]);
        Assert.Equal("alloy", (string?)requests[1]!["voice"]);
    }

    [Fact]
    public async Task Rerank_returns_the_documents_Dify_kept_best_first()
    {
        var test = new TestSession();
        test.Rerank.RespondWith(new RerankResult { Docs = [new RerankDocument(1, "dogs bark", 0.9), new RerankDocument(0, "cats purr", 0.2)] });
        IRerankClient client = test.Session.Model.AsRerankClient(new RerankModelConfig { Provider = "cohere", Model = "rerank-v3", TopN = 2 });

        var documents = await client.RerankAsync("dogs", ["cats purr", "dogs bark"]);

        Assert.Equal([1, 0], documents.Select(document => document.Index));
        var request = test.Rerank.Requests.Single();
        Assert.Equal(("dogs", 2), ((string?)request["query"], (int)request["top_n"]!));
        JsonAssert.Equal("""["cats purr", "dogs bark"]""", request["docs"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Moderation_says_whether_the_text_is_flagged(bool flagged)
    {
        var test = new TestSession();
        test.Moderation.RespondWith(flagged);
        IModerationClient client = test.Session.Model.AsModerationClient(new ModerationModelConfig { Provider = "openai", Model = "omni-moderation-latest" });

        Assert.Equal(flagged, await client.IsFlaggedAsync("some text"));
        Assert.Equal("some text", (string?)test.Moderation.Requests.Single()["text"]);
    }
}
