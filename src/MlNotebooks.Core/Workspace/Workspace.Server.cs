using MlNotebooks.Storage;
using MlNotebooks.Tracking.Http;

namespace MlNotebooks;

public sealed partial class Workspace
{
    /// <summary>True for <c>http://</c> and <c>https://</c> tracking URIs (a tracking server).</summary>
    public static bool IsServerUri(string uri) =>
        uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A workspace on a tracking server: tracking goes over MLflow's REST API (token from MLNB_TRACKING_TOKEN or
    /// MLFLOW_TRACKING_TOKEN), artifact content is cached in a local content store (the workspace's, else the user's).
    /// </summary>
    private static async Task<Workspace> OpenServerAsync(string? root, string uri, string? configContentRoot, WorkspaceOptions options, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || string.IsNullOrEmpty(parsed.Host))
            throw MlnbException.Invalid($"tracking URI '{uri}' is not a valid URL; give e.g. http://127.0.0.1:5000");
        var contentRoot = options.ContentRoot ?? NullIfEmpty(options.Environment(ContentRootVariable)) ?? configContentRoot
            ?? (root is not null ? Path.Combine(root, FolderName, "cache")
                : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.LocalApplicationData), "mlnb", "cache"));
        var content = new ContentStore(contentRoot);
        var store = new HttpTrackingStore(parsed, content, HttpTrackingOptions.FromEnvironment(options.Environment));
        try
        {
            // Ask once now so a wrong URL, a stopped server or a bad token fails here, with its fix.
            await store.CheckAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new Workspace(root, store.DisplayUri, store, null, content).WithRemoteRegistry(parsed, HttpTrackingOptions.FromEnvironment(options.Environment));
    }
}
