using MlNotebooks.Features.Offline;
using MlNotebooks.Storage;
using MlNotebooks.Tracking;

namespace MlNotebooks.Features;

public sealed partial class FeatureStore
{
    /// <summary>The MLflow source type of a feature view input on a run.</summary>
    public const string InputSourceType = "feature_view";

    /// <summary>
    /// Records on a run the feature views a training set read, each with its data version (the DVC md5 of a tracked
    /// source, else the file's md5), as MLflow run inputs (source type <c>feature_view</c>, context <c>training</c>), so
    /// lineage follows feature view version → run. Needs <see cref="FeatureStoreOptions.Workspace"/>.
    /// </summary>
    public async Task<IReadOnlyList<DatasetInput>> LogInputsAsync(string runId, HistoricalJob job, CancellationToken cancellationToken = default)
    {
        var workspace = Options.Workspace ?? throw MlnbException.State("logging feature inputs needs a workspace; open the store with FeatureStoreOptions.Workspace (run inside a folder with .mlnb/)");
        var inputs = new List<DatasetInput>();
        foreach (var (view, src) in job.Inputs)
        {
            var digest = src.DataVersion ?? await ContentStore.HashFileAsync(src.FilePath, cancellationToken).ConfigureAwait(false);
            var shown = workspace.Root is { } root ? Path.GetRelativePath(root, src.WorkspacePath) : src.WorkspacePath;
            inputs.Add(new DatasetInput($"{Repo.Project}.{view.Name}", digest, InputSourceType, shown, "training"));
        }
        await workspace.Tracking.LogInputsAsync(runId, inputs, cancellationToken).ConfigureAwait(false);
        return inputs;
    }
}
