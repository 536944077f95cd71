using System.Collections.Concurrent;
using System.Globalization;
using MlNotebooks.Registry;
using Prometheus;

namespace MlNotebooks.Serving.Observability;

/// <summary>The server's Prometheus metrics, in a registry of its own (several servers can share a process).</summary>
internal sealed class ServingMetrics
{
    private readonly Counter _requests;
    private readonly Histogram _latency;
    private readonly Histogram _batchSize;
    private readonly Histogram _queueTime;
    private readonly Counter _shadowCompared;
    private readonly Counter _loadFailures;
    private readonly Gauge _loaded;
    private readonly Counter _recorded;
    private readonly Counter _recordingDropped;
    private readonly Counter _windowsWritten;
    private readonly Gauge _driftScore;
    private readonly Gauge _driftDetected;
    private readonly Gauge _datasetDrift;
    private readonly Counter _driftFailures;

    public ServingMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        var f = Metrics.WithCustomRegistry(Registry);
        _requests = f.CreateCounter("mlnb_inference_requests_total", "Inference requests answered, by model, version, variant (primary, canary, shadow), protocol and outcome.",
            new CounterConfiguration { LabelNames = ["model", "version", "variant", "protocol", "outcome"] });
        _latency = f.CreateHistogram("mlnb_inference_request_duration_seconds", "Time from a request's arrival to its answer, by model, version and variant.",
            new HistogramConfiguration { LabelNames = ["model", "version", "variant"], Buckets = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        _batchSize = f.CreateHistogram("mlnb_inference_batch_size", "Rows per model call after dynamic batching.",
            new HistogramConfiguration { LabelNames = ["model", "version"], Buckets = [1, 2, 4, 8, 16, 32, 64, 128, 256] });
        _queueTime = f.CreateHistogram("mlnb_inference_queue_duration_seconds", "Time a request waited in the batching queue.",
            new HistogramConfiguration { LabelNames = ["model", "version"], Buckets = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.05] });
        _shadowCompared = f.CreateCounter("mlnb_shadow_comparisons_total", "Requests mirrored to a shadow version, by whether its prediction agreed with the primary's.",
            new CounterConfiguration { LabelNames = ["model", "version", "agree"] });
        _loadFailures = f.CreateCounter("mlnb_model_load_failures_total", "Versions the server refused or failed to load (e.g. a hash mismatch); it kept serving the old one.",
            new CounterConfiguration { LabelNames = ["model", "version"] });
        _loaded = f.CreateGauge("mlnb_model_loaded", "1 for each version loaded, by variant.", new GaugeConfiguration { LabelNames = ["model", "version", "variant"] });
        _recorded = f.CreateCounter("mlnb_recording_rows_total", "Rows of sampled requests recorded for monitoring.", new CounterConfiguration { LabelNames = ["model", "version"] });
        _recordingDropped = f.CreateCounter("mlnb_recording_dropped_total", "Sampled requests not recorded, by reason (channel_full, window_full, layout_changed, ragged).",
            new CounterConfiguration { LabelNames = ["model", "version", "reason"] });
        _windowsWritten = f.CreateCounter("mlnb_recording_windows_written_total", "Recorded windows written as Parquet files.", new CounterConfiguration { LabelNames = ["model", "version"] });
        _driftScore = f.CreateGauge("mlnb_drift_score", "Drift score per feature of the current recorded window against the reference: a p-value (drift below the threshold) or a distance (drift at or above it); see the stattest label.",
            new GaugeConfiguration { LabelNames = ["model", "version", "feature", "stattest"] });
        _driftDetected = f.CreateGauge("mlnb_drift_detected", "1 when the feature drifted in the current recorded window, else 0.", new GaugeConfiguration { LabelNames = ["model", "version", "feature", "stattest"] });
        _datasetDrift = f.CreateGauge("mlnb_dataset_drift", "1 when at least the drift share of the features drifted in the current recorded window, else 0.", new GaugeConfiguration { LabelNames = ["model", "version"] });
        _driftFailures = f.CreateCounter("mlnb_drift_failures_total", "Drift computations that failed (e.g. the reference's columns are not recorded).", new CounterConfiguration { LabelNames = ["model", "version"] });
    }

    public CollectorRegistry Registry { get; }

    private static string V(ModelVersion v) => v.Version.ToString(CultureInfo.InvariantCulture);

    // The labelled series of the per-request metrics, looked up once: WithLabels allocates and hashes its label values.
    private readonly ConcurrentDictionary<(string, int, string, string, string), Counter.Child> _requestSeries = new();
    private readonly ConcurrentDictionary<(string, int, string), Histogram.Child> _latencySeries = new();
    private readonly ConcurrentDictionary<(string, int), Histogram.Child> _batchSizeSeries = new();
    private readonly ConcurrentDictionary<(string, int), Histogram.Child> _queueTimeSeries = new();

    public void Request(ModelVersion v, string variant, string protocol, string outcome, double seconds)
    {
        _requestSeries.GetOrAdd((v.Name, v.Version, variant, protocol, outcome),
            static (k, c) => c.WithLabels(k.Item1, k.Item2.ToString(CultureInfo.InvariantCulture), k.Item3, k.Item4, k.Item5), _requests).Inc();
        _latencySeries.GetOrAdd((v.Name, v.Version, variant),
            static (k, h) => h.WithLabels(k.Item1, k.Item2.ToString(CultureInfo.InvariantCulture), k.Item3), _latency).Observe(seconds);
    }

    public void BatchSize(ModelVersion v, long rows) => Series(_batchSizeSeries, _batchSize, v).Observe(rows);

    public void QueueTime(ModelVersion v, double seconds) => Series(_queueTimeSeries, _queueTime, v).Observe(seconds);

    private static Histogram.Child Series(ConcurrentDictionary<(string, int), Histogram.Child> series, Histogram histogram, ModelVersion v) =>
        series.GetOrAdd((v.Name, v.Version), static (k, h) => h.WithLabels(k.Item1, k.Item2.ToString(CultureInfo.InvariantCulture)), histogram);

    public void ShadowCompared(ModelVersion v, bool agree) => _shadowCompared.WithLabels(v.Name, V(v), agree ? "true" : "false").Inc();

    public void LoadFailed(string model, int version) => _loadFailures.WithLabels(model, version.ToString(CultureInfo.InvariantCulture)).Inc();

    public void Loaded(ModelVersion v, string variant, bool loaded) => _loaded.WithLabels(v.Name, V(v), variant).Set(loaded ? 1 : 0);

    public void Recorded(ModelVersion v, long rows) => _recorded.WithLabels(v.Name, V(v)).Inc(rows);

    public void RecordingDropped(ModelVersion v, string reason) => _recordingDropped.WithLabels(v.Name, V(v), reason).Inc();

    public void WindowWritten(ModelVersion v) => _windowsWritten.WithLabels(v.Name, V(v)).Inc();

    public void DriftFailed(ModelVersion v) => _driftFailures.WithLabels(v.Name, V(v)).Inc();

    public void Drift(ModelVersion v, MlNotebooks.Monitoring.Drift.DriftReport report)
    {
        var all = report.Prediction is null ? report.Columns : [.. report.Columns, report.Prediction];
        foreach (var c in all)
        {
            _driftScore.WithLabels(v.Name, V(v), c.Column, c.StatTest).Set(c.Score);
            _driftDetected.WithLabels(v.Name, V(v), c.Column, c.StatTest).Set(c.Drifted ? 1 : 0);
        }
        _datasetDrift.WithLabels(v.Name, V(v)).Set(report.DatasetDrift ? 1 : 0);
    }

    public async Task WriteAsync(Stream stream, CancellationToken cancellationToken) =>
        await Registry.CollectAndExportAsTextAsync(stream, cancellationToken).ConfigureAwait(false);
}
