using System.Diagnostics;
using System.Globalization;
using Dify.Plugin.Hosting;

namespace Dify.Plugin.Benchmarks;

/// <summary>
/// Peak heap of the relay under a burst (issue 10): <c>dotnet run -c Release --project bench/Dify.Plugin.Benchmarks --
/// relay-burst [runs]</c>. Each burst size runs in a fresh process of its own, warmed by the same 1,000-chunk relay,
/// from a heap collected to its live objects; the daemon's side holds the same 1,000 distinct lines in both and repeats
/// them, so only the burst's length differs. A thread samples the heap every millisecond and reads the size before and
/// after every collection, so the peak is the heap's high-water mark, garbage not yet collected included.
/// The processes first run with the gen-0 budget pinned at 1 MiB (<c>DOTNET_GCgen0size</c>,
/// <c>DOTNET_GCgen0MaxBudget</c>), so that both bursts collect at the same cadence and the peak is what the host holds
/// plus at most one budget of garbage: with the default budget, which the runtime sizes from the CPU cache (about
/// 17 MB here), a 1,000-chunk burst never collects and a 100,000-chunk one peaks at whatever that budget is, which says
/// nothing about what the host retains. The figures with the default budget are printed too.
/// </summary>
internal static class RelayBurst
{
    /// <summary>Chunks of the warm-up relay, and the distinct lines the daemon's side holds and repeats in every run.</summary>
    private const int WarmUpChunks = 1_000;
    private static readonly int[] BurstSizes = [1_000, 100_000];

    public static int Run(string[] args)
    {
        if (args.Length == 3 && args[0] == "relay-burst-child")
        {
            return Child(int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture));
        }

        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;

        // The bound of each invocation's queue, to compare (the host's default otherwise).
        var queue = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : new PluginHostOptions().MaxQueuedFramesPerInvocation;
        Console.WriteLine($"MaxQueuedFramesPerInvocation = {queue}");
        foreach (var pinnedBudget in new[] { true, false })
        {
            Console.WriteLine(pinnedBudget ? "gen-0 budget pinned at 1 MiB" : "default gen-0 budget");
            Console.WriteLine("| Chunks | Run | Peak heap | Peak live after GC | Start heap | GCs (0/1/2) | Peak working set | Relay µs/chunk (wall, CPU) | Floor µs/chunk (wall, CPU) | Allocated/chunk |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---|---:|---|---|---:|");
            foreach (var chunks in BurstSizes)
            {
                for (var run = 1; run <= runs; run++)
                {
                    Console.WriteLine($"| {chunks:N0} | {run} | {RunChild(chunks, queue, pinnedBudget)}");
                }
            }

            Console.WriteLine();
        }

        return 0;
    }

    private static string RunChild(int chunks, int queue, bool pinnedBudget)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!, ["relay-burst-child", chunks.ToString(CultureInfo.InvariantCulture), queue.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (pinnedBudget)
        {
            start.Environment["DOTNET_GCgen0size"] = "100000";
            start.Environment["DOTNET_GCgen0MaxBudget"] = "100000";
        }

        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        return child.ExitCode == 0 ? output.Trim() : $"failed with exit code {child.ExitCode}: {output}";
    }

    private static int Child(int chunks, int queue)
    {
        using var rig = new RelayRig(chunks, distinctLines: WarmUpChunks, maxQueuedFrames: queue);
        using (var warmUp = new RelayRig(WarmUpChunks))
        {
            warmUp.RelayAsync().GetAwaiter().GetResult();
            warmUp.DeserializeLines();
        }

        // The floor per line, over as many lines as the burst (its 1,000 distinct lines again and again).
        var floorWall = Stopwatch.StartNew();
        var floorCpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var read = 0; read < chunks; read += rig.DistinctLines)
        {
            rig.DeserializeLines();
        }

        floorCpu = Process.GetCurrentProcess().TotalProcessorTime - floorCpu;
        floorWall.Stop();

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var startHeap = GC.GetTotalMemory(forceFullCollection: false);
        var collections = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        using var sampler = new HeapSampler();
        var wall = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var messages = rig.RelayAsync().GetAwaiter().GetResult();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        wall.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        var (peak, peakLive) = sampler.Stop();
        if (messages != chunks)
        {
            Console.WriteLine($"relayed {messages} messages for {chunks} chunks");
            return 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Mb(peak)} | {Mb(peakLive)} | {Mb(startHeap)} | {GC.CollectionCount(0) - collections.Item1}/{GC.CollectionCount(1) - collections.Item2}/{GC.CollectionCount(2) - collections.Item3} "
            + $"| {Mb(Process.GetCurrentProcess().PeakWorkingSet64)} | {PerChunk(wall.Elapsed)}, {PerChunk(cpu)} | {PerChunk(floorWall.Elapsed)}, {PerChunk(floorCpu)} | {allocated / chunks:N0} B |"));
        return 0;

        string PerChunk(TimeSpan time) => (time.TotalMicroseconds / chunks).ToString("0.00", CultureInfo.InvariantCulture);
    }

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.00", CultureInfo.InvariantCulture) + " MB";

    /// <summary>Samples the heap every millisecond and reads the sizes before and after each collection it sees.</summary>
    private sealed class HeapSampler : IDisposable
    {
        private readonly Thread _thread;
        private volatile bool _stopping;
        private long _peak;
        private long _peakLive;
        private readonly long _startIndex;
        private int _seenCollections;

        public HeapSampler()
        {
            _startIndex = GC.GetGCMemoryInfo(GCKind.Any).Index;
            _seenCollections = GC.CollectionCount(0);
            _peak = GC.GetTotalMemory(false);
            _thread = new Thread(Sample) { IsBackground = true, Priority = ThreadPriority.AboveNormal };
            _thread.Start();
        }

        public (long Peak, long PeakLive) Stop()
        {
            _stopping = true;
            _thread.Join();
            Read();
            return (_peak, _peakLive);
        }

        public void Dispose()
        {
            _stopping = true;
            _thread.Join();
        }

        private void Sample()
        {
            while (!_stopping)
            {
                Read();
                Thread.Sleep(1);
            }
        }

        private void Read()
        {
            _peak = Math.Max(_peak, GC.GetTotalMemory(false));

            // Reading a collection's figures allocates, so only after a new one.
            var collections = GC.CollectionCount(0);
            if (collections == _seenCollections)
            {
                return;
            }

            _seenCollections = collections;
            foreach (var kind in (ReadOnlySpan<GCKind>)[GCKind.Ephemeral, GCKind.FullBlocking, GCKind.Background])
            {
                var info = GC.GetGCMemoryInfo(kind);
                if (info.Index <= _startIndex)
                {
                    continue;
                }

                long before = 0;
                long after = 0;
                foreach (var generation in info.GenerationInfo)
                {
                    before += generation.SizeBeforeBytes;
                    after += generation.SizeAfterBytes;
                }

                _peak = Math.Max(_peak, before);
                _peakLive = Math.Max(_peakLive, after);
            }
        }
    }
}
