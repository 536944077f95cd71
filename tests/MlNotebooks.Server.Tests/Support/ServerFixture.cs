using MlNotebooks.Server;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Server.Tests.Support;

/// <summary>
/// A real tracking server on 127.0.0.1 with a free port, over a fresh workspace in a temp folder (SQLite by default;
/// <see cref="PostgresServerFixture"/> for PostgreSQL). Share it across a class with <c>IClassFixture</c>; each test
/// makes its own experiments with <see cref="UniqueName"/>.
/// </summary>
public class ServerFixture : IAsyncLifetime
{
    private readonly TempDir _dir = new();

    /// <summary>The backend this fixture serves ("sqlite" or "postgresql").</summary>
    protected virtual string Backend => "sqlite";

    /// <summary>The running server.</summary>
    public TrackingServer Server { get; private set; } = null!;

    /// <summary>The served workspace (to check what the API wrote, straight from the store).</summary>
    public Workspace Workspace => Server.Context.Workspace;

    /// <summary>An MLflow-speaking client for the server.</summary>
    public MlflowHttp Http { get; private set; } = null!;

    /// <summary>The temp folder (content store under <c>cache/</c>).</summary>
    public TempDir Dir => _dir;

    /// <summary>The server's base URL, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseAddress => Server.BaseAddress;

    public async Task InitializeAsync()
    {
        var uri = Backend == "postgresql" ? await StoreFactory.NewPostgresUriAsync() : StoreFactory.SqliteUri(_dir);
        Server = await TrackingServer.StartAsync(new ServerOptions
        {
            Host = "127.0.0.1",
            Port = 0,
            TrackingUri = uri,
            ContentRoot = _dir.File("cache"),
            WorkspaceDirectory = _dir.Path,
            Environment = _ => null,
        });
        Http = new MlflowHttp(Server.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        var uri = Server.Context.Options.TrackingUri;
        await Server.DisposeAsync();
        if (uri is not null && uri.StartsWith("postgresql:", StringComparison.Ordinal)) await StoreFactory.DropPostgresAsync(uri);
        _dir.Dispose();
    }

    /// <summary>A name no other test uses.</summary>
    public static string UniqueName(string stem) => $"{stem}-{Guid.NewGuid():N}"[..(stem.Length + 13)];
}

/// <summary>The same server over PostgreSQL (MLNB_TEST_POSTGRES_URI, started by ./test.sh).</summary>
public sealed class PostgresServerFixture : ServerFixture
{
    protected override string Backend => "postgresql";
}
