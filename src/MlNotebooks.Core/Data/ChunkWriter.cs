using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;

namespace MlNotebooks.Data;

/// <summary>
/// Writes chunks on threads of its own: an <c>O_DIRECT</c> write blocks until the device has the bytes, so the hashing
/// threads hand their writes here and go on, which keeps several writes in flight while they hash.
/// </summary>
internal sealed class ChunkWriter : IDisposable
{
    private readonly BlockingCollection<(SafeFileHandle Handle, ReadOnlyMemory<byte> Bytes, long Offset, Pending Done)> _queue = [];
    private readonly Thread[] _threads;

    /// <summary>Starts <paramref name="threads"/> writer threads (0: none; nothing may be written).</summary>
    public ChunkWriter(int threads)
    {
        _threads = new Thread[threads];
        for (var i = 0; i < threads; i++)
        {
            _threads[i] = new Thread(Run) { IsBackground = true, Name = "mlnb chunk writer" };
            _threads[i].Start();
        }
    }

    /// <summary>How many writes can be in flight at once.</summary>
    public int Threads => _threads.Length;

    /// <summary>Queues a write of <paramref name="bytes"/> (which must stay untouched until it is done) at <paramref name="offset"/>.</summary>
    public Pending Write(SafeFileHandle handle, ReadOnlyMemory<byte> bytes, long offset)
    {
        var done = new Pending(bytes, offset);
        _queue.Add((handle, bytes, offset, done));
        return done;
    }

    private void Run()
    {
        foreach (var (handle, bytes, offset, done) in _queue.GetConsumingEnumerable())
        {
            try
            {
                RandomAccess.Write(handle, bytes.Span, offset);
            }
            catch (Exception e)
            {
                done.Error = e;
            }
            done.Set();
        }
    }

    /// <summary>Stops the threads once the queue is empty.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        foreach (var t in _threads) t.Join();
        _queue.Dispose();
    }

    /// <summary>A queued write: what it writes and where, and whether it succeeded once done.</summary>
    public sealed class Pending(ReadOnlyMemory<byte> bytes, long offset)
    {
        private readonly ManualResetEventSlim _done = new();

        /// <summary>The bytes being written.</summary>
        public ReadOnlyMemory<byte> Bytes { get; } = bytes;

        /// <summary>Where in the file.</summary>
        public long Offset { get; } = offset;

        internal Exception? Error { get; set; }

        internal void Set() => _done.Set();

        /// <summary>Waits until the write is done; true when it succeeded.</summary>
        public bool Wait()
        {
            _done.Wait();
            return Error is null;
        }
    }
}
