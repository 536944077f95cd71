using System.Security.Cryptography;
using MlNotebooks.Storage;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Tests.Storage;

public sealed class ContentStoreTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task AddFile_UsesDvcLayout_AndIsReadOnly()
    {
        var store = new ContentStore(_dir.File("cache"));
        await File.WriteAllTextAsync(_dir.File("a.txt"), "hello\n");
        var r = await store.AddFileAsync(_dir.File("a.txt"));
        Assert.Equal("b1946ac92492d2347c6235b4d2611184", r.Md5); // md5sum of "hello\n"
        Assert.Equal(6, r.Size);
        var path = Path.Combine(_dir.File("cache"), "files", "md5", "b1", "946ac92492d2347c6235b4d2611184");
        Assert.True(File.Exists(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(path));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_dir.File("cache"), "tmp")));
    }

    [Fact]
    public async Task ConcurrentAddsOfTheSameContent_StoreOneBlob()
    {
        var store = new ContentStore(_dir.File("cache"));
        var bytes = RandomNumberGenerator.GetBytes(300_000);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.AddStreamAsync(new MemoryStream(bytes)))));
        Assert.Single(results.Select(r => r.Md5).Distinct());
        Assert.Single(Directory.EnumerateFiles(store.ObjectsRoot, "*", SearchOption.AllDirectories));
        Assert.True(await store.VerifyAsync(results[0].Md5));
    }

    [Fact]
    public async Task CancelledAdd_LeavesNothingUnderARealAddress()
    {
        var store = new ContentStore(_dir.File("cache"));
        using var cts = new CancellationTokenSource();
        var slow = new SlowStream(5_000_000, () => cts.Cancel());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.AddStreamAsync(slow, cts.Token));
        Assert.False(Directory.Exists(store.ObjectsRoot) && Directory.EnumerateFiles(store.ObjectsRoot, "*", SearchOption.AllDirectories).Any());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(store.Root, "tmp")));
    }

    [Fact]
    public void BadAddress_IsRejected() =>
        Assert.Throws<MlnbException>(() => new ContentStore(_dir.File("c")).GetPath("../../etc/passwd"));

    private sealed class SlowStream(long length, Action midway) : Stream
    {
        private long _pos;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _pos; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_pos >= length) return 0;
            if (_pos > length / 2) midway();
            var n = (int)Math.Min(count, length - _pos);
            _pos += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
