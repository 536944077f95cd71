using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Microsoft.Win32.SafeHandles;

namespace MlNotebooks.Data;

internal sealed partial class FileHasher
{
    /// <summary>Bytes read from one file at a time (a multiple of MD5's 64-byte block).</summary>
    private const int LaneChunk = 512 << 10;

    /// <summary>
    /// Hashes with <see cref="Md5Lanes"/>: each of <c>parallelism</c> workers keeps up to sixteen files open, reads a chunk
    /// of each in turn (writing it to the file's temp object in the same pass, as <see cref="HashAndCopy"/> does), and runs
    /// every file's next blocks through one vector step. A file's last partial block is finished on its own.
    /// </summary>
    private void HashInLanes(List<(HashJob Job, FileIdentity Id)> items, Action<(HashJob Job, FileIdentity Id), string> finished, CancellationToken ct)
    {
        var next = new StrongBox<int>(-1);
        Parallel.For(0, parallelism, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct },
            _ => LaneWorker(items, next, finished, ct));
    }

    private unsafe void LaneWorker(List<(HashJob Job, FileIdentity Id)> items, StrongBox<int> next, Action<(HashJob Job, FileIdentity Id), string> finished, CancellationToken ct)
    {
        const int width = Md5Lanes.Width;
        // One chunk per lane, plus a zeroed one that idle lanes hash (their state is never read).
        var memory = (byte*)NativeMemory.AlignedAlloc((nuint)((width + 1) * LaneChunk), 64);
        var lanes = new Lane?[width];
        try
        {
            NativeMemory.Clear(memory + width * LaneChunk, LaneChunk);
            Span<Vector512<uint>> state = stackalloc Vector512<uint>[4];
            Span<int> offsets = stackalloc int[width];
            Span<uint> abcd = stackalloc uint[4];
            byte[]? copyBuffer = null;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                var blocks = int.MaxValue;
                for (var i = 0; i < width; i++)
                {
                    var chunk = memory + i * LaneChunk;
                    offsets[i] = width * LaneChunk;
                    while (true)
                    {
                        if (lanes[i] is null)
                        {
                            var k = Interlocked.Increment(ref next.Value);
                            if (k >= items.Count) break;
                            lanes[i] = OpenLane(items[k]);
                            for (var j = 0; j < 4; j++) state[j] = state[j].WithElement(i, Md5Lanes.Initial[j]);
                        }
                        var lane = lanes[i]!;
                        if (lane.Pos == lane.Length && !lane.Eof) lane.Fill(new Span<byte>(chunk, LaneChunk));
                        if (lane.Length - lane.Pos >= 64)
                        {
                            offsets[i] = i * LaneChunk + lane.Pos;
                            blocks = Math.Min(blocks, (lane.Length - lane.Pos) / 64);
                            break;
                        }
                        // Only the last partial block is left (a chunk is whole until the end of the file).
                        for (var j = 0; j < 4; j++) abcd[j] = state[j].GetElement(i);
                        var md5 = Md5Lanes.Finish(abcd, new ReadOnlySpan<byte>(chunk + lane.Pos, lane.Length - lane.Pos), lane.Offset);
                        lanes[i] = null;
                        lane.Target?.Dispose();
                        try
                        {
                            if (lane.Tmp is not null) Place(lane.Tmp, md5);
                            else if (store is not null && link) LinkIntoStore(lane.Item.Job.FullPath, md5, copyBuffer ??= new byte[BlockSize], ct);
                        }
                        finally
                        {
                            lane.Dispose();
                        }
                        finished(lane.Item, md5);
                    }
                }
                if (blocks == int.MaxValue) return; // no file left
                Md5Lanes.Blocks(state, memory, Vector512.Create((ReadOnlySpan<int>)offsets), blocks);
                foreach (var lane in lanes)
                    if (lane is not null) lane.Pos += blocks * 64;
            }
        }
        finally
        {
            foreach (var lane in lanes) lane?.Dispose();
            NativeMemory.AlignedFree(memory);
        }
    }

    private Lane OpenLane((HashJob Job, FileIdentity Id) item)
    {
        var source = File.OpenHandle(item.Job.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        if (store is null || link) return new Lane(item, source, null, null);
        var tmp = Path.Combine(TmpDir, $"{Guid.NewGuid():N}.tmp");
        try
        {
            return new Lane(item, source, new FileStream(tmp, NewObjectOptions()), tmp);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>One file being hashed in a lane: its source, its temp object (copy mode) and how far it has been read.</summary>
    private sealed class Lane((HashJob Job, FileIdentity Id) item, SafeFileHandle source, FileStream? target, string? tmp) : IDisposable
    {
        public (HashJob Job, FileIdentity Id) Item { get; } = item;
        public FileStream? Target { get; } = target;
        public string? Tmp { get; } = tmp;

        /// <summary>Bytes read from the file so far.</summary>
        public long Offset { get; private set; }

        /// <summary>Bytes of the current chunk not yet hashed start here.</summary>
        public int Pos { get; set; }

        /// <summary>Bytes in the current chunk.</summary>
        public int Length { get; private set; }

        public bool Eof { get; private set; }

        /// <summary>Reads the next chunk (whole unless the file ends) and copies it to the temp object.</summary>
        public void Fill(Span<byte> chunk)
        {
            var n = 0;
            while (n < chunk.Length)
            {
                var read = RandomAccess.Read(source, chunk[n..], Offset);
                if (read == 0) { Eof = true; break; }
                n += read;
                Offset += read;
            }
            Target?.Write(chunk[..n]);
            (Pos, Length) = (0, n);
        }

        /// <summary>Closes the files; a temp object not yet renamed to its address is deleted.</summary>
        public void Dispose()
        {
            source.Dispose();
            Target?.Dispose();
            if (Tmp is not null && File.Exists(Tmp)) File.Delete(Tmp);
        }
    }
}
