using MlNotebooks.Server;
using MlNotebooks.Tests.Support;
using MlNotebooks.Tests.Tracking;
using MlNotebooks.Tracking.Http;

namespace MlNotebooks.Server.Tests.Tracking;

/// <summary>
/// The store contract a third time: a workspace on http://127.0.0.1:PORT, through a live tracking server over SQLite.
/// The client caches artifact content in its own folder, apart from the server's content store, so artifacts travel.
/// </summary>
public sealed class ServerTrackingStoreTests : TrackingStoreContract
{
    private TrackingServer? _server;

    protected override string Backend => "server";

    protected override async Task<Workspace> OpenWorkspaceAsync(TempDir dir)
    {
        _server = await TrackingServer.StartAsync(new ServerOptions
        {
            Port = 0, TrackingUri = StoreFactory.SqliteUri(dir), ContentRoot = dir.File("server-content"), Environment = _ => null,
        });
        var ws = await Workspace.OpenAsync(new WorkspaceOptions
        {
            TrackingUri = _server.BaseAddress.ToString(), ContentRoot = dir.File("cache"), StartDirectory = dir.Path, Environment = _ => null,
        });
        Assert.IsType<HttpTrackingStore>(ws.TrackingStore);
        return ws;
    }

    protected override async Task CloseBackendAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
