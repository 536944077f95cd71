using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Microsoft.Win32.SafeHandles;

namespace MlNotebooks.Data;

internal sealed partial class FileHasher
{
    /// <summary>Bytes read from one file at a time (a multiple of MD5's 64-byte block and of <see cref="DirectAlignment"/>).</summary>
    private const int LaneChunk = 256 << 10;

    /// <summary>Buffers, offsets and lengths of <c>O_DIRECT</c> writes are multiples of this.</summary>
    private const int DirectAlignment = 4096;

    /// <summary>Files at least this large are copied with <c>O_DIRECT</c> writes on <see cref="ChunkWriter"/> threads.</summary>
    private const long DirectMinSize = 1 << 20;

    /// <summary>
    /// At most this many lane workers (each holds 2 × 16 chunks, ~8 MiB, and up to 32 open files; a few of them already
    /// hash faster than a disk reads).
    /// </summary>
    private const int MaxLaneWorkers = 8;

    /// <summary>
    /// Hashes with <see cref="Md5Lanes"/>: each of <c>parallelism</c> workers (at most <see cref="MaxLaneWorkers"/>) keeps
    /// up to sixteen files open, reads a chunk of each in turn, and runs every file's next blocks through one vector step;
    /// a file's last partial block is finished on its own. In copy mode each chunk read is also the chunk written to the file's temp object: large
    /// files with <c>O_DIRECT</c> from a second buffer while the lanes hash (a page-cache write costs several times the
    /// CPU), small ones through the page cache.
    /// </summary>
    private void HashInLanes(List<(HashJob Job, FileIdentity Id)> items, Action<(HashJob Job, FileIdentity Id), string> finished, CancellationToken ct)
    {
        var next = new StrongBox<int>(-1);
        var workers = Math.Min(parallelism, MaxLaneWorkers);
        using var writer = new ChunkWriter(store is null || link || !direct ? 0 : 2 * workers);
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = ct },
            _ => LaneWorker(items, next, writer, finished, ct));
    }

    private unsafe void LaneWorker(List<(HashJob Job, FileIdentity Id)> items, StrongBox<int> next, ChunkWriter writer, Action<(HashJob Job, FileIdentity Id), string> finished, CancellationToken ct)
    {
        const int width = Md5Lanes.Width;
        // Two chunks per lane (one being written while the other is read and hashed), then a zeroed one that idle lanes
        // hash (their state is never read). Pinned, so writer threads can hold slices of it.
        var array = GC.AllocateUninitializedArray<byte>((2 * width + 1) * LaneChunk + DirectAlignment, pinned: true);
        var start = (int)((DirectAlignment - Marshal.UnsafeAddrOfPinnedArrayElement(array, 0) % DirectAlignment) % DirectAlignment);
        var memory = array.AsMemory(start, (2 * width + 1) * LaneChunk);
        memory.Span[(2 * width * LaneChunk)..].Clear();
        var lanes = new Lane?[width];
        try
        {
            Span<Vector512<uint>> state = stackalloc Vector512<uint>[4];
            Span<int> offsets = stackalloc int[width];
            Span<uint> abcd = stackalloc uint[4];
            byte[]? copyBuffer = null;
            fixed (byte* data = memory.Span)
            {
                while (true)
                {
                    ct.ThrowIfCancellationRequested();
                    var blocks = int.MaxValue;
                    for (var i = 0; i < width; i++)
                    {
                        offsets[i] = 2 * width * LaneChunk;
                        while (true)
                        {
                            if (lanes[i] is null)
                            {
                                var k = Interlocked.Increment(ref next.Value);
                                if (k >= items.Count) break;
                                lanes[i] = OpenLane(items[k], memory.Slice(2 * i * LaneChunk, 2 * LaneChunk), writer);
                                for (var j = 0; j < 4; j++) state[j] = state[j].WithElement(i, Md5Lanes.Initial[j]);
                            }
                            var lane = lanes[i]!;
                            if (lane.Pos == lane.Length && !lane.Eof) lane.Fill();
                            if (lane.Length - lane.Pos >= 64)
                            {
                                offsets[i] = (2 * i + lane.Buffer) * LaneChunk + lane.Pos;
                                blocks = Math.Min(blocks, (lane.Length - lane.Pos) / 64);
                                break;
                            }
                            // Only the last partial block is left (a chunk is whole until the end of the file).
                            for (var j = 0; j < 4; j++) abcd[j] = state[j].GetElement(i);
                            var md5 = Md5Lanes.Finish(abcd, lane.Current.Span[lane.Pos..lane.Length], lane.Offset);
                            lanes[i] = null;
                            try
                            {
                                lane.Close();
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
                    Md5Lanes.Blocks(state, data, Vector512.Create((ReadOnlySpan<int>)offsets), blocks);
                    foreach (var lane in lanes)
                        if (lane is not null) lane.Pos += blocks * 64;
                }
            }
        }
        finally
        {
            foreach (var lane in lanes) lane?.Dispose();
        }
    }

    private Lane OpenLane((HashJob Job, FileIdentity Id) item, Memory<byte> buffers, ChunkWriter writer)
    {
        var source = File.OpenHandle(item.Job.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        if (store is null || link) return new Lane(item, source, buffers, null, null, null);
        var tmp = store!.NewTempFile();
        try
        {
            var target = new FileStream(tmp, NewObjectOptions());
            var direct = writer.Threads > 0 && item.Id.Size >= DirectMinSize && Native.TrySetDirect(target.SafeFileHandle, true);
            return new Lane(item, source, buffers, target, tmp, direct ? writer : null);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>
    /// One file being hashed in a lane: its source, its temp object (copy mode; written on <c>direct</c>'s threads with
    /// <c>O_DIRECT</c> when set), its two chunk buffers and how far it has been read.
    /// </summary>
    private sealed class Lane((HashJob Job, FileIdentity Id) item, SafeFileHandle source, Memory<byte> buffers, FileStream? target, string? tmp, ChunkWriter? direct) : IDisposable
    {
        private readonly ChunkWriter.Pending?[] _writes = new ChunkWriter.Pending?[2];
        private ChunkWriter? _direct = direct;

        public (HashJob Job, FileIdentity Id) Item { get; } = item;
        public string? Tmp { get; } = tmp;

        /// <summary>Which of the two buffers holds the current chunk.</summary>
        public int Buffer { get; private set; } = 1;

        public Memory<byte> Current => buffers.Slice(Buffer * LaneChunk, LaneChunk);

        /// <summary>Bytes read from the file so far.</summary>
        public long Offset { get; private set; }

        /// <summary>Bytes of the current chunk not yet hashed start here.</summary>
        public int Pos { get; set; }

        /// <summary>Bytes in the current chunk.</summary>
        public int Length { get; private set; }

        public bool Eof { get; private set; }

        /// <summary>Reads the next chunk (whole unless the file ends) into the other buffer, and copies it to the temp object.</summary>
        public void Fill()
        {
            Buffer ^= 1;
            Settle(Buffer); // that buffer's last write must be done before it is reused
            var chunk = Current.Span;
            var n = 0;
            while (n < chunk.Length)
            {
                var read = RandomAccess.Read(source, chunk[n..], Offset);
                if (read == 0) { Eof = true; break; }
                n += read;
                Offset += read;
            }
            (Pos, Length) = (0, n);
            if (target is null) return;
            var at = Offset - n;
            var aligned = _direct is null ? 0 : n & ~(DirectAlignment - 1);
            if (aligned > 0) _writes[Buffer] = _direct!.Write(target.SafeFileHandle, Current[..aligned], at);
            if (aligned == n) return;
            if (_direct is not null)
            {
                // The end of the file is not block-aligned: finish the direct writes, then write it through the page cache.
                WaitForWrites();
                if (_direct is not null && !Native.TrySetDirect(target.SafeFileHandle, false)) throw new IOException($"could not turn off O_DIRECT to write the end of '{Tmp}'");
                _direct = null;
            }
            RandomAccess.Write(target.SafeFileHandle, chunk[aligned..n], at + aligned);
        }

        /// <summary>Waits for the writes in flight and closes the temp object (it is complete when this returns).</summary>
        public void Close()
        {
            WaitForWrites();
            target?.Dispose();
        }

        private void WaitForWrites()
        {
            Settle(0);
            Settle(1);
        }

        /// <summary>
        /// Waits for a buffer's write. One that failed (a file system that took the <c>O_DIRECT</c> flag but refuses such
        /// writes) is written again through the page cache, and so is the rest of the file.
        /// </summary>
        private void Settle(int buffer)
        {
            var write = _writes[buffer];
            _writes[buffer] = null;
            if (write is null || write.Wait()) return;
            if (_direct is not null)
            {
                _direct = null;
                Native.TrySetDirect(target!.SafeFileHandle, false);
            }
            RandomAccess.Write(target!.SafeFileHandle, write.Bytes.Span, write.Offset);
        }

        /// <summary>Closes the files once no write is in flight; a temp object not yet renamed to its address is deleted.</summary>
        public void Dispose()
        {
            foreach (var w in _writes) w?.Wait();
            source.Dispose();
            target?.Dispose();
            if (Tmp is not null && File.Exists(Tmp)) File.Delete(Tmp);
        }
    }
}
