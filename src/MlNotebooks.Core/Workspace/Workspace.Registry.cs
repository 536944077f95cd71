using MlNotebooks.Registry;
using MlNotebooks.Registry.Http;
using MlNotebooks.Tracking.Http;

namespace MlNotebooks;

public sealed partial class Workspace
{
    private HttpRegistryStore? _remoteRegistryStore;
    private RegistryClient? _remoteRegistry;

    /// <summary>The registry store of a workspace on a tracking server, or null for a SQL workspace.</summary>
    internal IRegistryStore? RemoteRegistryStore => _remoteRegistryStore;

    /// <summary>
    /// Serves the registry of a workspace on a tracking server through its registry REST API. Roles are the
    /// server's business (it checks them as the token's user), so the client holds every role locally.
    /// </summary>
    private Workspace WithRemoteRegistry(Uri server, HttpTrackingOptions options)
    {
        _remoteRegistryStore = new HttpRegistryStore(server, Content, options);
        _remoteRegistry = new RegistryClient(this, new RegistryOptions { Roles = RegistryRoles.Everyone });
        return this;
    }
}
