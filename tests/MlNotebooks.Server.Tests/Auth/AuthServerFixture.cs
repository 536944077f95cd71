using System.Net.Http.Headers;
using MlNotebooks.Auth;
using MlNotebooks.Server.Tests.Support;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Server.Tests.Auth;

/// <summary>
/// A real server with <c>--auth</c> and <c>--hub-api</c> (a <see cref="FakeHub"/>) on 127.0.0.1, over a fresh SQLite
/// workspace, with users of every kind and a client per user. Registry roles from the environment: carol promotes.
/// </summary>
public class AuthServerFixture : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private readonly Dictionary<string, MlflowHttp> _clients = new(StringComparer.Ordinal);

    public TrackingServer Server { get; private set; } = null!;

    public FakeHub Hub { get; private set; } = null!;

    public Workspace Workspace => Server.Context.Workspace;

    public AuthClient Auth { get; private set; } = null!;

    public TempDir Dir => _dir;

    /// <summary>Secrets by user name.</summary>
    public Dictionary<string, string> Tokens { get; } = new(StringComparer.Ordinal);

    /// <summary>A client without credentials.</summary>
    public MlflowHttp Anonymous { get; private set; } = null!;

    /// <summary>Users the tests use: an admin and plain users (grants are made per test).</summary>
    public static readonly string[] Users = ["admin", "nobody", "plain", "reader", "editor", "manager", "carol", "alice", "bob"];

    public async Task InitializeAsync()
    {
        Hub = await FakeHub.StartAsync();
        Server = await TrackingServer.StartAsync(new ServerOptions
        {
            Host = "127.0.0.1",
            Port = 0,
            TrackingUri = StoreFactory.SqliteUri(_dir),
            ContentRoot = _dir.File("cache"),
            WorkspaceDirectory = _dir.Path,
            Auth = true,
            HubApiUrl = Hub.ApiUrl,
            Environment = name => name == "MLNB_REGISTRY_ROLES" ? "promoter=carol;approver=carol" : null,
        });
        Auth = new AuthClient(Workspace);
        foreach (var user in Users) Tokens[user] = (await Auth.AddUserAsync(user, user == "admin")).Secret;
        Anonymous = new MlflowHttp(Server.BaseAddress);
    }

    /// <summary>A client sending <c>Authorization: Bearer</c> with the user's token.</summary>
    public MlflowHttp As(string user)
    {
        if (_clients.TryGetValue(user, out var c)) return c;
        c = WithHeader(new AuthenticationHeaderValue("Bearer", Tokens[user]));
        _clients[user] = c;
        return c;
    }

    /// <summary>A client with any Authorization header (the caller disposes it).</summary>
    public MlflowHttp WithHeader(AuthenticationHeaderValue header)
    {
        var c = new MlflowHttp(Server.BaseAddress);
        c.Client.DefaultRequestHeaders.Authorization = header;
        return c;
    }

    public async Task DisposeAsync()
    {
        foreach (var c in _clients.Values) c.Dispose();
        Anonymous.Dispose();
        await Server.DisposeAsync();
        await Hub.DisposeAsync();
        _dir.Dispose();
    }
}
