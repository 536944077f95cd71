using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Data;

/// <summary>Registers <c>data</c> (DVC 3 compatible versioning), <c>repro</c> and <c>lineage</c>.</summary>
internal static class DataCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddBranch("data", b =>
        {
            b.SetDescription("Version data like DVC 3: .dvc files, a shared cache, remotes (folder or S3).");
            b.AddCommand<DataAddCommand>("add").WithDescription("Track files or folders: hash, cache, write PATH.dvc and .gitignore.");
            b.AddCommand<DataStatusCommand>("status").WithDescription("Show tracked data that changed, is missing or is not in the cache.");
            b.AddCommand<DataCheckoutCommand>("checkout").WithDescription("Restore the workspace to the versions the .dvc files record.");
            b.AddCommand<DataDiffCommand>("diff").WithDescription("Files that differ between two git revisions (default: HEAD and the workspace).");
            b.AddCommand<DataLsCommand>("ls").WithDescription("List tracked data.");
            b.AddCommand<DataGcCommand>("gc").WithDescription("Remove cache objects no version refers to.");
            b.AddCommand<DataPushCommand>("push").WithDescription("Send cached data the remote lacks.");
            b.AddCommand<DataFetchCommand>("fetch").WithDescription("Download data the cache lacks from a remote.");
            b.AddCommand<DataPullCommand>("pull").WithDescription("Fetch, then checkout.");
            b.AddCommand<DataValidateCommand>("validate").WithDescription("Check a CSV or Parquet file against a suite (types, ranges, allowed values, null share, uniqueness); exit 1 on failure.");
            b.AddCommand<DataLogInputCommand>("log-input").WithDescription("Record on a run the data versions it read (for lineage).");
            b.AddBranch("remote", r =>
            {
                r.SetDescription("Configure remotes in .dvc/config (DVC's own file).");
                r.AddCommand<RemoteAddCommand>("add").WithDescription("Add a remote: a folder or s3://bucket/prefix.");
                r.AddCommand<RemoteModifyCommand>("modify").WithDescription("Set a remote option (endpointurl, region, access_key_id, secret_access_key).");
                r.AddCommand<RemoteListCommand>("list").WithDescription("List remotes.");
            });
        });
        config.AddCommand<ReproCommand>("repro").WithDescription("Run the dvc.yaml pipeline; stages rerun only when cmd, deps or params changed.");
        config.AddCommand<LineageCommand>("lineage").WithDescription("Show data version → run (→ model) for a run id.");
    }
}
