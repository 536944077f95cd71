using MlNotebooks.Features.Offline;
using MlNotebooks.Features.Online;

namespace MlNotebooks.Features;

/// <summary>
/// A feature store over one set of definitions (Feast's <c>FeatureStore</c>): point-in-time training sets
/// (<see cref="GetHistoricalFeatures(string, IEnumerable{string}, bool)"/>), materialization into an online store and
/// online lookups. One instance per repo; thread-safe for lookups.
/// </summary>
public sealed partial class FeatureStore : IDisposable
{
    private readonly Lazy<IOnlineStore> _online;

    /// <summary>Creates a store over definitions built in C#; relative source paths resolve against <paramref name="repoDirectory"/>.</summary>
    public FeatureStore(FeatureRepo repo, string repoDirectory, FeatureStoreOptions? options = null)
    {
        Repo = repo.Validate();
        RepoDirectory = Path.GetFullPath(repoDirectory);
        Options = options ?? new FeatureStoreOptions();
        StateDirectory = Options.StateDirectory ?? Path.Combine(Options.Workspace?.Root ?? RepoDirectory, Workspace.FolderName, "features");
        _online = new Lazy<IOnlineStore>(() => OnlineStores.Open(Repo, StateDirectory));
    }

    /// <summary>Opens the store of a <c>features.yaml</c> (a file, or a folder holding one).</summary>
    public static FeatureStore Open(string repoPath, FeatureStoreOptions? options = null)
    {
        var file = Directory.Exists(repoPath) ? Path.Combine(repoPath, FeatureRepoYaml.FileName) : repoPath;
        return new FeatureStore(FeatureRepoYaml.Load(file), Path.GetDirectoryName(Path.GetFullPath(file))!, options);
    }

    /// <summary>The definitions.</summary>
    public FeatureRepo Repo { get; }

    /// <summary>The folder relative source paths resolve against.</summary>
    public string RepoDirectory { get; }

    /// <summary>The options in use.</summary>
    public FeatureStoreOptions Options { get; }

    /// <summary>Where registry.json and the SQLite online store live.</summary>
    public string StateDirectory { get; }

    /// <summary>The online store (SQLite or Redis, from the definitions).</summary>
    public IOnlineStore OnlineStore => _online.Value;

    /// <summary>The file (and data version) a view reads.</summary>
    public ResolvedSource ResolveSource(FeatureView view) => SourceResolver.Resolve(Repo.SourceOf(view), RepoDirectory, Options.Workspace);

    /// <summary>
    /// A point-in-time correct training set: for each entity row (a Parquet or CSV file with the join keys and an
    /// <c>event_timestamp</c>), each feature's latest value at or before the row's timestamp and within the view's ttl.
    /// </summary>
    public HistoricalJob GetHistoricalFeatures(string entityFile, IEnumerable<string> features, bool fullFeatureNames = false)
    {
        var full = Path.GetFullPath(entityFile);
        if (!File.Exists(full)) throw MlnbException.NotFound($"entity frame '{entityFile}' does not exist; give a Parquet or CSV file with the join keys and event_timestamp");
        var format = full.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? "csv" : "parquet";
        return HistoricalJob.Create(this, c => new EntityInput(
            format == "csv" ? Sql.ReadFile(full, format, false) : Sql.ReadFile(full, format, true),
            format == "csv" ? "row_number() OVER ()" : "file_row_number",
            DuckSchema.Of(c, Sql.ReadFile(full, format, false)), $"'{entityFile}'"), features, fullFeatureNames);
    }

    /// <summary>A point-in-time correct training set for an in-memory entity frame (see the file overload).</summary>
    public HistoricalJob GetHistoricalFeatures(Microsoft.Data.Analysis.DataFrame entityFrame, IEnumerable<string> features, bool fullFeatureNames = false) =>
        HistoricalJob.Create(this, c =>
        {
            DataFrameTable.Load(c, "__entity_input", entityFrame);
            return new EntityInput("__entity_input", "rowid", DuckSchema.Of(c, "__entity_input"), "(DataFrame)");
        }, features, fullFeatureNames);

    /// <summary>Closes the online store.</summary>
    public void Dispose()
    {
        if (_online.IsValueCreated) _online.Value.Dispose();
    }
}
