using System.Runtime.CompilerServices;
using Dify.Plugin.Invocation;
using Dify.Plugin.Testing;
using Xunit;

namespace Dify.Plugin.Tests;

public sealed class InvocationFailureTests
{
    [Fact]
    public async Task Error_frame_becomes_a_typed_exception_with_Difys_message_and_the_invocation_type()
    {
        var test = new TestSession();
        test.Llm.RespondWithError("permission denied, you need to enable llm access in plugin manifest");

        var exception = await Assert.ThrowsAsync<DifyInvocationException>(() =>
            test.Session.Model.Llm.InvokeAsync(WireFormatTests.Config(), [new UserPromptMessage("hi")]));

        Assert.Equal(InvokeType.Llm, exception.InvokeType);
        Assert.Equal("permission denied, you need to enable llm access in plugin manifest", exception.DifyMessage);
        Assert.True(exception.IsPermissionDenied);
        Assert.Equal(test.Invocations.Single().BackwardsRequestId, exception.BackwardsRequestId);
        Assert.Contains("'llm'", exception.Message);
    }

    [Fact]
    public async Task Error_after_some_chunks_surfaces_while_streaming()
    {
        var test = new TestSession();
        test.Llm.Endpoint.Enqueue(
            BackwardsResponseFrame.Stream(System.Text.Json.JsonSerializer.SerializeToElement(new { model = "m", delta = new { index = 0, message = new { role = "assistant", content = "par" } } })),
            BackwardsResponseFrame.Error("invoke llm model failed: rate limited"));
        var received = new List<string>();

        var exception = await Assert.ThrowsAsync<DifyInvocationException>(async () =>
        {
            await foreach (var chunk in test.Session.Model.Llm.InvokeStreamingAsync(WireFormatTests.Config(), [new UserPromptMessage("hi")]))
            {
                received.Add(chunk.Delta.Message.GetTextContent());
            }
        });

        Assert.Equal(["par"], received);
        Assert.Equal("invoke llm model failed: rate limited", exception.DifyMessage);
    }

    [Fact]
    public async Task Silence_longer_than_the_timeout_fails_with_a_timeout_exception()
    {
        var session = new Session(new SilentTransport(), new SessionOptions { InvocationTimeout = TimeSpan.FromMilliseconds(200) });

        var exception = await Assert.ThrowsAsync<DifyInvocationTimeoutException>(() =>
            session.Model.Moderation.InvokeAsync(new ModerationModelConfig { Provider = "p", Model = "m" }, "x"));

        Assert.Equal(InvokeType.Moderation, exception.InvokeType);
        Assert.Contains("MAX_INVOCATION_TIMEOUT", exception.Message);
    }

    [Fact]
    public async Task A_stream_longer_than_the_timeout_whose_chunks_keep_coming_does_not_time_out()
    {
        // 40 chunks 100 ms apart: 4 s in all against a 3 s timeout, which counts silence, not the whole call. The timeout
        // is 30 gaps long: with 1 s, a CI machine running two builds once delayed the first chunk past it.
        var session = new Session(new TrickleTransport(chunks: 40, gap: TimeSpan.FromMilliseconds(100)), new SessionOptions { InvocationTimeout = TimeSpan.FromSeconds(3) });

        var result = await session.Model.Llm.InvokeAsync(WireFormatTests.Config(), [new UserPromptMessage("hi")]);

        Assert.Equal(string.Concat(Enumerable.Repeat("t", 40)), result.Message.GetTextContent());
    }

    [Fact]
    public async Task Cancellation_ends_the_call_with_OperationCanceledException_not_a_timeout()
    {
        var session = new Session(new SilentTransport());
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            session.Model.Llm.InvokeAsync(WireFormatTests.Config(), [new UserPromptMessage("hi")], cancellationToken: cancellation.Token));
    }

    [Fact]
    public async Task A_stream_that_ends_without_end_frame_is_a_protocol_error()
    {
        var session = new Session(new TruncatedTransport());

        var exception = await Assert.ThrowsAsync<DifyProtocolException>(() =>
            session.Model.Moderation.InvokeAsync(new ModerationModelConfig { Provider = "p", Model = "m" }, "x"));
        Assert.Contains("without an 'end' frame", exception.Message);
    }

    [Fact]
    public async Task Unscripted_invocation_in_the_test_double_says_what_to_script()
    {
        var test = new TestSession();

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            test.Session.Model.Summary.InvokeAsync(new string('x', 5000), ""));
        Assert.Contains("'system_summary'", exception.Message);
    }

    [Fact]
    public async Task A_config_without_a_selected_model_is_rejected_before_anything_is_sent()
    {
        var test = new TestSession();

        var exception = Assert.Throws<ArgumentException>(() =>
            test.Session.Model.Llm.InvokeStreamingAsync(new LLMModelConfig { Provider = "", Model = "", Mode = "chat" }, [new UserPromptMessage("hi")]));
        Assert.Contains("has not picked a model", exception.Message);
        Assert.Empty(test.Invocations);
        await Task.CompletedTask;
    }

    [Fact]
    public void A_non_positive_timeout_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Session(new SilentTransport(), new SessionOptions { InvocationTimeout = TimeSpan.Zero }));
    }

    [Fact]
    public void A_timeout_longer_than_a_timer_can_wait_is_rejected_when_the_session_is_made_not_at_the_first_call()
    {
        var tooLong = new SessionOptions { InvocationTimeout = SessionOptions.MaximumInvocationTimeout + TimeSpan.FromMilliseconds(1) };

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new Session(new SilentTransport(), tooLong));

        Assert.Contains("at most 49.7 days", exception.Message, StringComparison.Ordinal);
        _ = new Session(new SilentTransport(), new SessionOptions { InvocationTimeout = SessionOptions.MaximumInvocationTimeout });
    }

    private sealed class SilentTransport : IBackwardsInvocationTransport
    {
        public async IAsyncEnumerable<BackwardsResponseFrame> InvokeAsync(BackwardsInvocationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            yield break;
        }
    }

    private sealed class TrickleTransport(int chunks, TimeSpan gap) : IBackwardsInvocationTransport
    {
        public async IAsyncEnumerable<BackwardsResponseFrame> InvokeAsync(BackwardsInvocationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            for (var index = 0; index < chunks; index++)
            {
                await Task.Delay(gap, cancellationToken);
                yield return BackwardsResponseFrame.Stream(System.Text.Json.JsonSerializer.SerializeToElement(new { model = "m", delta = new { index, message = new { role = "assistant", content = "t" } } }));
            }

            yield return BackwardsResponseFrame.End;
        }
    }

    private sealed class TruncatedTransport : IBackwardsInvocationTransport
    {
        public async IAsyncEnumerable<BackwardsResponseFrame> InvokeAsync(BackwardsInvocationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            yield return BackwardsResponseFrame.Struct(System.Text.Json.JsonSerializer.SerializeToElement(new { result = true }));
        }
    }
}
