namespace MlNotebooks.Tests.Support;

/// <summary>Opens a workspace on a fresh store of one backend.</summary>
public static class Workspaces
{
    public static async Task<Workspace> OpenAsync(string backend, TempDir dir)
    {
        var uri = backend switch
        {
            "sqlite" => StoreFactory.SqliteUri(dir),
            "postgresql" => await StoreFactory.NewPostgresUriAsync(),
            _ => throw new ArgumentOutOfRangeException(nameof(backend)),
        };
        return await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = uri, ContentRoot = dir.File("cache"), StartDirectory = dir.Path, Environment = _ => null });
    }
}
