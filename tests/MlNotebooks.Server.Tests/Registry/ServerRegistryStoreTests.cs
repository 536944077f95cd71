using MlNotebooks.Registry.Http;
using MlNotebooks.Server;
using MlNotebooks.Tests.Registry;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Server.Tests.Registry;

/// <summary>
/// The registry contract a third time: a workspace on http://127.0.0.1:PORT, its registry through a live server's
/// registry API over SQLite (a shared store: roles come from configuration, here none).
/// </summary>
public sealed class ServerRegistryStoreTests : RegistryContract
{
    private TrackingServer? _server;

    protected override string Backend => "server";

    protected override bool Shared => false;

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
        Assert.IsType<HttpRegistryStore>(ws.Registry.Store);
        return ws;
    }

    protected override async Task CloseBackendAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
