using MlNotebooks.Features.Online;

namespace MlNotebooks.Features.Tests.Online;

/// <summary>What every online store does; SQLite and Redis run it.</summary>
public abstract class OnlineStoreContract : IDisposable
{
    protected readonly Scratch Dir = new();

    protected abstract IOnlineStore Open();

    public virtual void Dispose() => Dir.Dispose();

    private readonly string _project = "p" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public void Read_ReturnsWrittenRows_InKeyOrder_AndNullForUnknownKeys()
    {
        using var store = Open();
        store.Write(_project, "v", [new OnlineRow("1", 10, "[1.5,\"a\"]"), new OnlineRow("2", 20, "[2.5,null]")]);
        var rows = store.Read(_project, "v", ["2", "9", "1"]);
        Assert.Equal(new OnlineRow("2", 20, "[2.5,null]"), rows[0]);
        Assert.Null(rows[1]);
        Assert.Equal(new OnlineRow("1", 10, "[1.5,\"a\"]"), rows[2]);
        Assert.All(store.Read(_project, "other_view", ["1"]), Assert.Null);
    }

    [Fact]
    public void Write_KeepsTheNewerRow_WhenAnOlderOneIsReplayed()
    {
        using var store = Open();
        store.Write(_project, "v", [new OnlineRow("1", 100, "[1]")]);
        store.Write(_project, "v", [new OnlineRow("1", 50, "[0]")]);
        Assert.Equal("[1]", store.Read(_project, "v", ["1"])[0]!.ValuesJson);
        store.Write(_project, "v", [new OnlineRow("1", 150, "[2]")]);
        Assert.Equal(new OnlineRow("1", 150, "[2]"), store.Read(_project, "v", ["1"])[0]);
    }
}

public sealed class SqliteOnlineStoreTests : OnlineStoreContract
{
    protected override IOnlineStore Open() => new SqliteOnlineStore(Path.Combine(Dir.Dir, "online.db"));
}

public sealed class RedisOnlineStoreTests(RedisFixture redis) : OnlineStoreContract, IClassFixture<RedisFixture>
{
    protected override IOnlineStore Open() => new RedisOnlineStore(redis.Address);

    [Fact]
    public void RedisDown_IsAClearMessageWithTheFix()
    {
        var e = Assert.Throws<MlnbException>(() => new RedisOnlineStore($"127.0.0.1:{RedisFixture.FreePort()}"));
        Assert.Equal(ErrorCode.StoreUnavailable, e.Code);
        Assert.Contains("does not answer; start it (scripts/services/40-redis.sh) or fix online_store.connection_string", e.Message);
    }
}
