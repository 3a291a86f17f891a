using System.Buffers;
using System.Numerics;

namespace ReconGrpc.Matching;

/// <summary>Does the work for the blocks (items of both sides with one block key) that a join hands it.</summary>
internal abstract class BlockWorker
{
    /// <summary>Called once per block that has items on both sides; the spans are scratch and may be reordered.</summary>
    public abstract void Process(Span<Entry> ours, Span<Entry> theirs);
}

/// <summary>
/// The join under every stage: both sides' entries are radix-partitioned on the high bits of the block key, and
/// each partition (small enough for the cache) is joined with its own open-addressing table. Partitions are
/// independent, so they run in parallel; the workers' output is read back in partition order, so the result is
/// the same for any number of threads.
/// </summary>
internal static class BlockJoin
{
    private const int TargetEntriesPerPartition = 2048;
    private const int MaxPartitionBits = 12;

    /// <returns>The workers, in partition order.</returns>
    public static List<T> Run<T>(Entry[] ours, int ourCount, Entry[] theirs, int theirCount, Func<T> createWorker,
        int parallelism, CancellationToken cancellationToken)
        where T : BlockWorker
    {
        var workers = new List<T>();
        if (ourCount == 0 || theirCount == 0)
        {
            return workers;
        }

        var bits = Math.Clamp(BitOperations.Log2((uint)((ourCount + theirCount) / TargetEntriesPerPartition) | 1) + 1, 0, MaxPartitionBits);
        if (ourCount + theirCount < 2 * TargetEntriesPerPartition)
        {
            bits = 0;
        }

        var partitions = 1 << bits;
        var ourPart = ArrayPool<Entry>.Shared.Rent(ourCount);
        var theirPart = ArrayPool<Entry>.Shared.Rent(theirCount);
        try
        {
            int[] ourStart = [], theirStart = [];
            // The two sides scatter at once: each pass is bound by memory, not arithmetic, and a thread of its own
            // brings its own stream of loads.
            Work.ForRanges(2, parallelism, cancellationToken, side =>
            {
                if (side == 0)
                {
                    ourStart = Scatter(ours, ourCount, ourPart, bits);
                }
                else
                {
                    theirStart = Scatter(theirs, theirCount, theirPart, bits);
                }
            });

            var chunks = parallelism <= 1 ? 1 : Math.Min(partitions, parallelism * 4);
            var chunkWorkers = new T[chunks];
            Work.ForRanges(chunks, parallelism, cancellationToken, c =>
            {
                var worker = createWorker();
                var scratch = new JoinScratch();
                var (first, last) = Work.Range(partitions, chunks, c);
                for (var p = first; p < last; p++)
                {
                    if ((p & 63) == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }

                    JoinPartition(
                        ourPart.AsSpan(ourStart[p], ourStart[p + 1] - ourStart[p]),
                        theirPart.AsSpan(theirStart[p], theirStart[p + 1] - theirStart[p]),
                        scratch, worker);
                }

                chunkWorkers[c] = worker;
            });
            workers.AddRange(chunkWorkers);
            return workers;
        }
        finally
        {
            ArrayPool<Entry>.Shared.Return(ourPart);
            ArrayPool<Entry>.Shared.Return(theirPart);
        }
    }

    /// <summary>Counting sort on the high bits; stable, so each partition stays in index order.</summary>
    private static int[] Scatter(Entry[] source, int count, Entry[] target, int bits)
    {
        var partitions = 1 << bits;
        var start = new int[partitions + 1];
        if (bits == 0)
        {
            Array.Copy(source, target, count);
            start[1] = count;
            return start;
        }

        var shift = 64 - bits;
        for (var i = 0; i < count; i++)
        {
            start[(int)(source[i].Hash >> shift) + 1]++;
        }

        for (var p = 0; p < partitions; p++)
        {
            start[p + 1] += start[p];
        }

        var next = (int[])start.Clone();
        for (var i = 0; i < count; i++)
        {
            ref var e = ref source[i];
            target[next[(int)(e.Hash >> shift)]++] = e;
        }

        return start;
    }

    private static void JoinPartition(Span<Entry> ours, Span<Entry> theirs, JoinScratch s, BlockWorker worker)
    {
        if (ours.Length == 0 || theirs.Length == 0)
        {
            return;
        }

        if (ours.Length == 1 && theirs.Length == 1)
        {
            if (ours[0].Hash == theirs[0].Hash)
            {
                worker.Process(ours, theirs);
            }

            return;
        }

        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(8, ours.Length * 2));
        s.Ensure(capacity, ours.Length, theirs.Length);
        var mask = capacity - 1;
        var slotHash = s.SlotHash;
        var firstOurs = s.FirstOurs;
        var lastOurs = s.LastOurs;
        var firstTheirs = s.FirstTheirs;
        var lastTheirs = s.LastTheirs;
        var nextOurs = s.NextOurs;
        var nextTheirs = s.NextTheirs;
        var slotOf = s.SlotOf;
        firstOurs.AsSpan(0, capacity).Fill(-1);

        for (var i = 0; i < ours.Length; i++)
        {
            var h = ours[i].Hash;
            var slot = (int)h & mask;
            while (firstOurs[slot] != -1 && slotHash[slot] != h)
            {
                slot = (slot + 1) & mask;
            }

            if (firstOurs[slot] == -1)
            {
                slotHash[slot] = h;
                firstOurs[slot] = i;
                firstTheirs[slot] = -1;
            }
            else
            {
                nextOurs[lastOurs[slot]] = i;
            }

            lastOurs[slot] = i;
            nextOurs[i] = -1;
            slotOf[i] = slot;
        }

        var anyPair = false;
        for (var j = 0; j < theirs.Length; j++)
        {
            var h = theirs[j].Hash;
            var slot = (int)h & mask;
            while (firstOurs[slot] != -1 && slotHash[slot] != h)
            {
                slot = (slot + 1) & mask;
            }

            if (firstOurs[slot] == -1)
            {
                continue;
            }

            if (firstTheirs[slot] == -1)
            {
                firstTheirs[slot] = j;
            }
            else
            {
                nextTheirs[lastTheirs[slot]] = j;
            }

            lastTheirs[slot] = j;
            nextTheirs[j] = -1;
            anyPair = true;
        }

        if (!anyPair)
        {
            return;
        }

        // Blocks in the order of their first item of ours: index order, hence deterministic.
        var blockOurs = s.BlockOurs;
        var blockTheirs = s.BlockTheirs;
        for (var i = 0; i < ours.Length; i++)
        {
            var slot = slotOf[i];
            if (firstOurs[slot] != i || firstTheirs[slot] == -1)
            {
                continue;
            }

            var no = 0;
            for (var k = i; k != -1; k = nextOurs[k])
            {
                blockOurs[no++] = ours[k];
            }

            var nt = 0;
            for (var k = firstTheirs[slot]; k != -1; k = nextTheirs[k])
            {
                blockTheirs[nt++] = theirs[k];
            }

            worker.Process(blockOurs.AsSpan(0, no), blockTheirs.AsSpan(0, nt));
        }
    }

    private sealed class JoinScratch
    {
        public ulong[] SlotHash = [];
        public int[] FirstOurs = [];
        public int[] LastOurs = [];
        public int[] FirstTheirs = [];
        public int[] LastTheirs = [];
        public int[] NextOurs = [];
        public int[] NextTheirs = [];
        public int[] SlotOf = [];
        public Entry[] BlockOurs = [];
        public Entry[] BlockTheirs = [];

        public void Ensure(int capacity, int ours, int theirs)
        {
            if (SlotHash.Length < capacity)
            {
                SlotHash = new ulong[capacity];
                FirstOurs = new int[capacity];
                LastOurs = new int[capacity];
                FirstTheirs = new int[capacity];
                LastTheirs = new int[capacity];
            }

            if (NextOurs.Length < ours)
            {
                NextOurs = new int[ours];
                SlotOf = new int[ours];
                BlockOurs = new Entry[ours];
            }

            if (NextTheirs.Length < theirs)
            {
                NextTheirs = new int[theirs];
                BlockTheirs = new Entry[theirs];
            }
        }
    }
}
