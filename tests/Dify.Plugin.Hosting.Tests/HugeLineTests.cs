using System.Text;
using System.Text.Json.Nodes;
using Dify.Plugin.Hosting.Tests.Fixture;
using Xunit;

namespace Dify.Plugin.Hosting.Tests;

/// <summary>Measures this process's managed heap, so nothing else may run beside it.</summary>
[CollectionDefinition(nameof(MemoryMeasurement), DisableParallelization = true)]
public sealed class MemoryMeasurement;

[Collection(nameof(MemoryMeasurement))]
public sealed class HugeLineTests
{
    private const int LineBytes = 60 * 1024 * 1024;

    [Fact]
    public async Task After_three_60_MiB_lines_the_managed_heap_returns_near_where_it_was()
    {
        await using var run = HostRun.StartLocal();
        var connection = run.Connection;
        Assert.True((await connection.RequestRawAsync("warm-up", Encoding.UTF8.GetString(Padded("warm-up", 0)))).Ended);
        var baseline = ManagedHeapAfterCollection();

        for (var i = 0; i < 3; i++)
        {
            var sessionId = $"huge-{i}";
            var session = connection.FollowAsync(sessionId, timeout: TimeSpan.FromSeconds(120));
            await connection.WriteRawAsync(Padded(sessionId, LineBytes));
            var result = await session;
            Assert.True(result.Ended);
            Assert.Equal("about to fail", result.Text);
        }

        // One more ordinary line, as in steady use: what is measured is what the huge lines left behind for good.
        Assert.True((await connection.RequestRawAsync("after", Encoding.UTF8.GetString(Padded("after", 0)))).Ended);

        // Generous: one line's buffer kept would be 64 MiB over; before the fix, several were.
        var growth = ManagedHeapAfterCollection() - baseline;
        Assert.True(growth < 32 * 1024 * 1024, $"the managed heap grew by {growth / (1024 * 1024)} MiB and stayed there");
    }

    /// <summary>
    /// A request line for the failing tool with a padding parameter, made by concatenation: serializing it would rent
    /// buffers from the shared pool of this process, which the host shares, and the measurement would count them.
    /// </summary>
    private static byte[] Padded(string sessionId, int bytes)
    {
        var request = new JsonObject
        {
            ["session_id"] = sessionId,
            ["event"] = "request",
            ["data"] = DaemonConnection.InvokeTool("testkit", "fail", new JsonObject { ["padding"] = "PADDING" }),
        }.ToJsonString();
        return Encoding.UTF8.GetBytes(request.Replace("PADDING", new string('x', bytes), StringComparison.Ordinal) + "\n");
    }

    private static long ManagedHeapAfterCollection()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
