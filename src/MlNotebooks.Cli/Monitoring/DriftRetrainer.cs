using System.Globalization;
using System.Text;
using System.Text.Json;
using MlNotebooks.Cli.Training;
using MlNotebooks.Data;
using MlNotebooks.Data.Monitoring;
using MlNotebooks.Monitoring;
using MlNotebooks.Monitoring.Drift;
using MlNotebooks.Registry;
using MlNotebooks.Serving.Runtime;
using MlNotebooks.Tracking;
using MlNotebooks.Training;

namespace MlNotebooks.Cli.Monitoring;

/// <summary>
/// Retraining on drift: keeps the drift report in the content store, trains on the newer data as a tracked run whose
/// lineage names the report (tags, a <c>drift_report</c> input, the report as artifacts), registers the new version
/// and asks for the alias through its gates.
/// </summary>
internal sealed class DriftRetrainer(Workspace ws, MonitorWatchCommand.Settings s)
{
    /// <summary>Run and version tag: the md5 of the drift report (JSON) in the content store.</summary>
    public const string ReportTag = "mlnb.drift.report";

    /// <summary>Run and version tag: the version whose drift caused the retraining (<c>models:/NAME/VERSION</c>).</summary>
    public const string CauseTag = "mlnb.drift.model";

    /// <summary>The context of the report's dataset input on the retraining run.</summary>
    public const string ReportContext = "drift_report";

    public async Task<WatchOutcome> RetrainAsync(ModelUri uri, ModelVersion version, DriftReport report, ReferenceWindow reference, ColumnTable current, CancellationToken ct)
    {
        // A version already retrained on this data for this drift (its gates refused it before): ask again, don't retrain.
        var dataMd5 = await Storage.ContentStore.HashFileAsync(s.Data!, ct).ConfigureAwait(false);
        var cause = $"models:/{version.Name}/{version.Version}";
        var earlier = (await ws.Registry.ListVersionsAsync(version.Name, ct).ConfigureAwait(false))
            .FirstOrDefault(v => v.Tags.GetValueOrDefault(CauseTag) == cause && v.Tags.GetValueOrDefault(RegistryClient.ReferenceDataTag) == dataMd5);
        if (earlier is not null)
        {
            MonitorWatchCommand.Log($"version {earlier.Version} was already retrained on {s.Data} for this drift; asking for @{uri.Alias} again");
            return await PromoteAsync(uri, version, earlier.Version, earlier.Tags.GetValueOrDefault(ReportTag) ?? "", ct).ConfigureAwait(false);
        }
        var json = DriftJson.ToJson(report);
        json["model"] = $"models:/{version.Name}/{version.Version}";
        json["reference"] = reference.Label;
        json["current"] = s.Recorded ? "recorded windows" : Path.GetFullPath(s.Data!);
        var text = json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        using (var stream = new MemoryStream(Encoding.UTF8.GetBytes(text), writable: false))
        {
            var stored = await ws.Content.AddStreamAsync(stream, ct).ConfigureAwait(false);
            var md5 = stored.Md5;
            MonitorWatchCommand.Log($"drift report kept in the content store as {md5}; retraining '{s.Retrain}' on {s.Data}");
            var folder = Directory.CreateTempSubdirectory("mlnb-drift-");
            try
            {
                await File.WriteAllTextAsync(Path.Combine(folder.FullName, "report.json"), text, ct).ConfigureAwait(false);
                await File.WriteAllTextAsync(Path.Combine(folder.FullName, "report.html"),
                    DriftHtml.Build(report, reference.Table, current, MonitoringFiles.PlotlyJs(), $"Data drift that retrained {version.Name} (version {version.Version})"), ct).ConfigureAwait(false);
                var job = await TrainJobs.BuildAsync(new TrainSettings { Definition = s.Retrain!, Data = s.Data, Epochs = s.Epochs, Params = s.Params }, ct).ConfigureAwait(false);
                var runner = new TrainingRunner(ws.Tracking, ws.Root is null ? null : ws.Data);
                // The lineage goes on the run as it starts, so a failed retraining still says why it ran.
                var target = new RunTarget(s.Experiment, $"retrain-{version.Name}-on-drift", null, $"mlnb monitor watch {s.Model}",
                    runId => LogLineageAsync(runId, md5, cause, report, folder.FullName, ct).GetAwaiter().GetResult());
                var result = await runner.RunAsync(job, target, null, ct).ConfigureAwait(false);
                if (result.OnnxArtifact is null)
                    throw MlnbException.Invalid($"the retraining run {result.RunId} exported no ONNX model, so it cannot be registered; use a definition that exports ONNX");
                var metrics = string.Join(", ", result.Metrics.Where(m => m.Key is "val_accuracy" or "val_auc" or "val_loss").Select(m => $"{m.Key} {m.Value.ToString("0.####", CultureInfo.InvariantCulture)}"));
                MonitorWatchCommand.Log($"retraining run {result.RunId} finished ({metrics})");
                var registered = await ws.Registry.RegisterAsync(result.RunId, result.OnnxArtifact, version.Name, new OnnxSignatureReader(),
                    $"retrained on drift of version {version.Version}", new Dictionary<string, string> { [ReportTag] = md5, [CauseTag] = cause }, ct).ConfigureAwait(false);
                MonitorWatchCommand.Log($"registered {version.Name} version {registered.Version}");
                return await PromoteAsync(uri, version, registered.Version, md5, ct).ConfigureAwait(false);
            }
            finally
            {
                folder.Delete(recursive: true);
            }
        }
    }

    private async Task<WatchOutcome> PromoteAsync(ModelUri uri, ModelVersion drifted, int candidate, string reportMd5, CancellationToken ct)
    {
        try
        {
            var promoted = await ws.Registry.PromoteAsync(drifted.Name, candidate, uri.Alias!, $"retrained on drift of version {drifted.Version} (report {reportMd5})", ct).ConfigureAwait(false);
            MonitorWatchCommand.Log($"promoted version {candidate} to @{uri.Alias} (was {promoted.PreviousVersion?.ToString(CultureInfo.InvariantCulture) ?? "none"})"
                + (promoted.Gates.Count == 0 ? "; no gates" : "; gates: " + string.Join("; ", promoted.Gates.Select(g => g.Detail))));
            return WatchOutcome.Promoted;
        }
        catch (MlnbException e) when (e.Code is ErrorCode.InvalidState or ErrorCode.PermissionDenied)
        {
            MonitorWatchCommand.Log($"version {candidate} stays off @{uri.Alias}: {e.Message}");
            return WatchOutcome.Refused;
        }
    }

    private async Task LogLineageAsync(string runId, string md5, string cause, DriftReport report, string folder, CancellationToken ct)
    {
        await ws.Tracking.SetTagAsync(runId, ReportTag, md5, ct).ConfigureAwait(false);
        await ws.Tracking.SetTagAsync(runId, CauseTag, cause, ct).ConfigureAwait(false);
        await ws.Tracking.SetTagAsync(runId, "mlnb.drift.columns", string.Join(",", report.Columns.Where(c => c.Drifted).Select(c => c.Column)), ct).ConfigureAwait(false);
        await ws.Tracking.LogInputsAsync(runId, [new DatasetInput("drift_report.json", md5, "mlnb-content", "content:" + md5, ReportContext)], ct).ConfigureAwait(false);
        await ws.Tracking.LogArtifactAsync(runId, folder, "drift", ct).ConfigureAwait(false);
    }
}
