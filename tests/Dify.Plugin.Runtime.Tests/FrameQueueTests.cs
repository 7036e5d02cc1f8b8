using Dify.Plugin.Hosting;
using Xunit;

namespace Dify.Plugin.Runtime.Tests;

/// <summary>The queue between the host's read loop and a tool: frames in order, woken per batch, bounded, ended cleanly.</summary>
public sealed class FrameQueueTests
{
    private static readonly TimeSpan Moment = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task A_waiting_reader_sees_frames_when_they_are_published_not_before()
    {
        // Below a quarter of the queue, only Publish wakes the reader.
        var queue = new FrameQueue<int>(capacity: 12);
        await using var reader = queue.ReadAllAsync(CancellationToken.None).GetAsyncEnumerator();
        var next = reader.MoveNextAsync().AsTask();

        Assert.True(queue.TryAdd(1));
        Assert.True(queue.TryAdd(2));
        await Task.Delay(Moment);
        Assert.False(next.IsCompleted);

        queue.Publish();
        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, reader.Current);
        Assert.True(await reader.MoveNextAsync());
        Assert.Equal(2, reader.Current);
    }

    [Fact]
    public async Task A_waiting_reader_is_woken_unpublished_once_a_quarter_of_the_queue_is_filled()
    {
        // Woken only at a full queue, the reader idled while the writer filled it, and the writer then waited for room
        // while the reader worked: the two sides took turns instead of running together.
        var queue = new FrameQueue<int>(capacity: 16);
        await using var reader = queue.ReadAllAsync(CancellationToken.None).GetAsyncEnumerator();
        var next = reader.MoveNextAsync().AsTask();

        Assert.True(queue.TryAdd(1));
        Assert.True(queue.TryAdd(2));
        Assert.True(queue.TryAdd(3));
        await Task.Delay(Moment);
        Assert.False(next.IsCompleted);

        Assert.True(queue.TryAdd(4));
        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, reader.Current);
        for (var frame = 2; frame <= 4; frame++)
        {
            Assert.True(await reader.MoveNextAsync());
            Assert.Equal(frame, reader.Current);
        }
    }

    [Fact]
    public async Task A_queue_of_one_frame_wakes_its_reader_at_its_first_frame()
    {
        var queue = new FrameQueue<int>(capacity: 1);
        await using var reader = queue.ReadAllAsync(CancellationToken.None).GetAsyncEnumerator();
        var next = reader.MoveNextAsync().AsTask();

        Assert.False(queue.TryAdd(1));
        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, reader.Current);
    }

    [Fact]
    public async Task A_writer_waiting_on_a_full_queue_goes_on_once_the_reader_has_taken_half()
    {
        // No reader waits yet, so nothing can take a frame before the writer starts waiting on the full queue.
        var queue = new FrameQueue<int>(capacity: 4);
        Assert.True(queue.TryAdd(1));
        Assert.True(queue.TryAdd(2));
        Assert.True(queue.TryAdd(3));
        Assert.False(queue.TryAdd(4));
        var room = queue.WaitForRoomAsync(CancellationToken.None).AsTask();
        await using var reader = queue.ReadAllAsync(CancellationToken.None).GetAsyncEnumerator();

        // Three frames left of four: the writer still waits; at two it goes on.
        Assert.True(await reader.MoveNextAsync());
        Assert.Equal(1, reader.Current);
        await Task.Delay(Moment);
        Assert.False(room.IsCompleted);
        Assert.True(await reader.MoveNextAsync());
        Assert.Equal(2, reader.Current);
        await room.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await reader.MoveNextAsync());
        Assert.Equal(3, reader.Current);
        Assert.True(await reader.MoveNextAsync());
        Assert.Equal(4, reader.Current);
    }

    [Fact]
    public async Task Completing_releases_a_waiting_writer_and_the_reader_gets_the_frames_then_the_error()
    {
        var queue = new FrameQueue<int>(capacity: 1);
        Assert.False(queue.TryAdd(1));
        var room = queue.WaitForRoomAsync(CancellationToken.None).AsTask();
        await Task.Delay(Moment);
        Assert.False(room.IsCompleted);

        queue.Complete(new InvalidOperationException("the session has ended"));
        await room.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(queue.TryAdd(2));

        var read = new List<int>();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var frame in queue.ReadAllAsync(CancellationToken.None))
            {
                read.Add(frame);
            }
        });
        Assert.Equal([1], read);
        Assert.Equal("the session has ended", error.Message);
    }

    [Fact]
    public async Task A_reader_waiting_for_frames_is_cancelled_by_its_token()
    {
        var queue = new FrameQueue<int>(capacity: 4);
        using var cancel = new CancellationTokenSource();
        await using var reader = queue.ReadAllAsync(cancel.Token).GetAsyncEnumerator();
        var next = reader.MoveNextAsync().AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
