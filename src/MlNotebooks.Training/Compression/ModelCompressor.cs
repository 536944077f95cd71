using System.Globalization;
using MlNotebooks.Registry;
using MlNotebooks.Storage;
using MlNotebooks.Tracking;
using MlNotebooks.Training.Data;

namespace MlNotebooks.Training.Compression;

/// <summary>
/// Compresses a registered model version: prunes and/or quantizes its ONNX graph, compares the result with the source
/// on the same rows (accuracy or RMSE, size, in-process latency), logs all of it as a run (tag
/// <c>mlnb.compressed_from</c>, the source's training data as inputs) and registers the result as the next version of
/// the same model. Nothing is registered when any step fails; the run then ends FAILED.
/// </summary>
public sealed class ModelCompressor(RegistryClient registry, TrackingClient tracking)
{
    /// <summary>The version tag naming the source version.</summary>
    public const string CompressedFromTag = "mlnb.compressed_from";

    /// <summary>Compresses <paramref name="modelUri"/> (<c>models:/NAME/N</c> or <c>models:/NAME@ALIAS</c>).</summary>
    public async Task<CompressionResult> CompressAsync(string modelUri, CompressionOptions options, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var source = await registry.ResolveAsync(modelUri, cancellationToken).ConfigureAwait(false);
        var label = $"models:/{source.Name}/{source.Version.ToString(CultureInfo.InvariantCulture)}";
        await registry.EnsureFilesAsync(source, cancellationToken).ConfigureAwait(false);
        var original = await File.ReadAllBytesAsync(registry.GetFilePath(source.Package.Model), cancellationToken).ConfigureAwait(false);

        var doc = OnnxDocument.Parse(original, label);
        var candidates = OnnxQuantizer.Candidates(doc);
        if (candidates.Count == 0)
        {
            var ops = doc.Nodes.Select(n => n.OpType).Distinct().Take(8);
            throw MlnbException.Invalid($"{label} has no MatMul or Gemm node with a float weight to compress (its ops: {string.Join(", ", ops)}); compression works on neural networks such as those `mlnb train mlp` exports");
        }
        var needed = options.Quantize == QuantizeMode.Dynamic ? 11 : options.Quantize == QuantizeMode.Static ? 10 : 1;
        if (doc.DefaultOpset < needed)
            throw MlnbException.Invalid($"{label} uses ONNX opset {doc.DefaultOpset}; --quantize {options.Quantize.ToString().ToLowerInvariant()} needs opset {needed} or newer; export the model again with a newer opset");

        using var sourceRunner = new OnnxRunner(original, label);
        var sourceRun = source.RunId is { } rid ? await tracking.GetRunAsync(rid, cancellationToken).ConfigureAwait(false) : null;
        var runSignature = await RunSignatureAsync(source, cancellationToken).ConfigureAwait(false);
        CompressionData evaluation;
        CompressionData? calibration = null;
        if (sourceRunner.Columns is { } columns)
        {
            // One input per raw column: rows are fed as the model server gets them; the label is the training run's.
            var labelName = sourceRun?.Param("label");
            var classNames = ClassNames(runSignature);
            evaluation = options.DataPath is { } dataPath
                ? ColumnData.Load(dataPath, columns, labelName, classNames, labelled: true, "evaluation", label)
                : await RecordedValidationAsync(sourceRun, sourceRunner, label, cancellationToken).ConfigureAwait(false);
            if (options.CalibrationPath is { } cal) calibration = ColumnData.Load(cal, columns, labelName, classNames, labelled: false, "calibration", label);
        }
        else
        {
            evaluation = options.DataPath is { } dataPath
                ? CompressionData.Load(dataPath, sourceRunner.Width, labelled: true, "evaluation", label)
                : await RecordedValidationAsync(sourceRun, sourceRunner, label, cancellationToken).ConfigureAwait(false);
            if (options.CalibrationPath is { } cal) calibration = CompressionData.Load(cal, sourceRunner.Width, labelled: false, "calibration", label);
        }

        double? sparsity = null;
        if (options.Prune is { } p) sparsity = OnnxPruner.Prune(doc, p);
        if (options.Quantize != QuantizeMode.None)
        {
            var ranges = calibration is null ? null : OnnxCalibrator.Ranges(doc.ToArray(), candidates.Select(c => c.Activation).ToList(), calibration);
            OnnxQuantizer.Quantize(doc, options.Quantize, ranges);
        }
        doc.SetMetadata("mlnb.compression", $"{options.Describe()} of {label}");
        var compressed = doc.ToArray();

        using var runner = new OnnxRunner(compressed, $"the compressed {label}");
        var sourceOut = sourceRunner.Predict(evaluation);
        var outputs = runner.Predict(evaluation);
        var what = $"evaluation on {evaluation.Description}";
        var sourceQuality = ModelQuality.Score(sourceOut, sourceRunner.OutputWidth, evaluation.Labels!, what);
        var quality = ModelQuality.Score(outputs, runner.OutputWidth, evaluation.Labels!, what);
        double? agreement = sourceRunner.OutputWidth >= 2 ? Agreement(sourceOut, outputs, sourceRunner.OutputWidth) : null;
        var (sourceMicros, micros) = Latency(sourceRunner, runner, evaluation, options);

        var experiment = sourceRun is null ? null : sourceRun.Info.ExperimentId;
        await using var run = await tracking.StartRunAsync(experiment, $"compress-{source.Name}-v{source.Version}", null, new Dictionary<string, string>
        {
            [SystemTags.SourceName] = "mlnb models compress",
            [SystemTags.SourceType] = "LOCAL",
            [CompressedFromTag] = label,
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            run.LogParams(new Dictionary<string, object?>
            {
                ["compression.source"] = label, ["compression.quantize"] = options.Quantize.ToString().ToLowerInvariant(),
                ["compression.prune"] = options.Prune?.ToString(CultureInfo.InvariantCulture) ?? "none",
                ["compression.calibration"] = options.CalibrationPath is null ? "none" : Path.GetFileName(options.CalibrationPath),
                ["compression.evaluated_on"] = evaluation.Description, ["compression.nodes"] = candidates.Count,
            });
            if (source.RunId is { } sr) run.SetTag("mlnb.source_run", sr);
            foreach (var d in sourceRun?.Inputs ?? []) await run.LogInputAsync(d, cancellationToken).ConfigureAwait(false);
            if (options.DataPath is { } dp) await run.LogInputAsync(await InputAsync(dp, "evaluation", cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            if (options.CalibrationPath is { } cp) await run.LogInputAsync(await InputAsync(cp, "calibration", cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            var result = new CompressionResult(source, source, run.RunId, candidates.Count, sparsity, evaluation.Description, sourceQuality, quality, agreement,
                original.LongLength, compressed.LongLength, sourceMicros, micros);
            LogMetrics(run, result);
            await run.LogArtifactBytesAsync("model/model.onnx", compressed, cancellationToken).ConfigureAwait(false);
            // The source run's signature (raw columns, class names) when it has one, else the registry's.
            foreach (var file in source.Package.Files.Where(f => f.Path is ModelPackage.SignatureFile or ModelPackage.InputExampleFile))
                await run.LogArtifactBytesAsync($"model/{file.Path}", file.Path == ModelPackage.SignatureFile && runSignature is not null ? runSignature
                    : await File.ReadAllBytesAsync(registry.GetFilePath(file), cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            await run.FlushAsync(cancellationToken).ConfigureAwait(false);
            var version = await registry.RegisterAsync(run.RunId, "model", source.Name, null,
                $"{options.Describe()} of version {source.Version}", new Dictionary<string, string>
                {
                    [CompressedFromTag] = label,
                    ["compression.method"] = options.Describe(),
                    ["compression.size_ratio"] = F(result.SizeRatio),
                    ["compression.latency_ratio"] = F(result.LatencyRatio),
                    ["compression.accuracy_delta"] = result.AccuracyDelta is { } ad ? F(ad) : "n/a",
                }, cancellationToken).ConfigureAwait(false);
            await run.EndAsync(RunStatus.Finished, cancellationToken).ConfigureAwait(false);
            return result with { Version = version };
        }
        catch (Exception e)
        {
            if (!run.IsEnded)
            {
                try { run.SetTag("mlnb.error", e.Message.Length > 5000 ? e.Message[..5000] : e.Message); } catch (Exception) { /* the first failure is the one to report */ }
                await run.EndAsync(e is OperationCanceledException ? RunStatus.Killed : RunStatus.Failed, CancellationToken.None).ConfigureAwait(false);
            }
            throw;
        }
    }

    private static string F(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);

    private static void LogMetrics(ActiveRun run, CompressionResult r)
    {
        run.LogMetric("compression.size_ratio", r.SizeRatio);
        run.LogMetric("compression.size_bytes", r.Bytes);
        run.LogMetric("compression.source_size_bytes", r.SourceBytes);
        run.LogMetric("compression.latency_ratio", r.LatencyRatio);
        run.LogMetric("compression.latency_us", r.Micros);
        run.LogMetric("compression.source_latency_us", r.SourceMicros);
        if (r.Sparsity is { } s) run.LogMetric("compression.sparsity", s);
        if (r.Agreement is { } a) run.LogMetric("compression.agreement", a);
        if (r.Quality.Accuracy is { } acc)
        {
            run.LogMetric("accuracy", acc);
            run.LogMetric("compression.source_accuracy", r.SourceQuality.Accuracy!.Value);
            run.LogMetric("compression.accuracy_delta", r.AccuracyDelta!.Value);
        }
        if (r.Quality.Rmse is { } rmse)
        {
            run.LogMetric("rmse", rmse);
            run.LogMetric("compression.source_rmse", r.SourceQuality.Rmse!.Value);
            run.LogMetric("compression.rmse_delta", r.RmseDelta!.Value);
            if (r.Quality.R2 is { } r2 && r.SourceQuality.R2 is { } r20) run.LogMetric("compression.r2_delta", r2 - r20);
        }
    }

    private static double Agreement(float[] a, float[] b, int width)
    {
        var n = a.Length / width;
        var same = 0;
        for (var i = 0; i < n; i++)
            if (ArgMax(a.AsSpan(i * width, width)) == ArgMax(b.AsSpan(i * width, width))) same++;
        return (double)same / n;
    }

    private static int ArgMax(ReadOnlySpan<float> v)
    {
        var best = 0;
        for (var j = 1; j < v.Length; j++) if (v[j] > v[best]) best = j;
        return best;
    }

    /// <summary>µs per one-row call for both models: rounds alternate the two, the median round of each is kept.</summary>
    private static (double Source, double Compressed) Latency(OnnxRunner source, OnnxRunner compressed, CompressionData data, CompressionOptions o)
    {
        source.TimeCalls(data, Math.Min(50, o.LatencyCalls));
        compressed.TimeCalls(data, Math.Min(50, o.LatencyCalls));
        var a = new List<double>();
        var b = new List<double>();
        for (var r = 0; r < o.LatencyRounds; r++)
        {
            a.Add(source.TimeCalls(data, o.LatencyCalls));
            b.Add(compressed.TimeCalls(data, o.LatencyCalls));
        }
        static double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);
        return (Median(a), Median(b));
    }

    /// <summary>
    /// The signature.json the source run logged next to its model.onnx: unlike the registry's copy (inputs and outputs)
    /// it keeps the raw columns and class names. Null when the run or the file is gone.
    /// </summary>
    private async Task<byte[]?> RunSignatureAsync(ModelVersion source, CancellationToken ct)
    {
        var prefix = source.RunId is { } id ? $"runs:/{id}/" : null;
        if (prefix is null || !source.Source.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var folder = source.Source[prefix.Length..].TrimEnd('/');
        var path = folder.Length == 0 ? ModelPackage.SignatureFile : $"{folder}/{ModelPackage.SignatureFile}";
        try
        {
            var entries = await tracking.ListArtifactsAsync(source.RunId!, folder.Length == 0 ? null : folder, ct).ConfigureAwait(false);
            if (entries.FirstOrDefault(e => e.Path == path) is not { } entry) return null;
            await tracking.EnsureContentAsync(source.RunId!, [entry], ct).ConfigureAwait(false);
            await using var stream = tracking.Content.OpenRead(entry.Md5);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, ct).ConfigureAwait(false);
            return copy.ToArray();
        }
        catch (MlnbException) { return null; }
    }

    private static IReadOnlyList<string>? ClassNames(byte[]? signature)
    {
        if (signature is null) return null;
        try { return Onnx.ModelPackage.ReadSignature(signature).ClassNames; }
        catch (System.Text.Json.JsonException) { return null; }
    }

    private static async Task<DatasetInput> InputAsync(string path, string context, CancellationToken ct) =>
        new(Path.GetFileName(path), await ContentStore.HashFileAsync(path, ct).ConfigureAwait(false), "local", Path.GetFullPath(path), context);

    /// <summary>
    /// The validation rows the source run held out: its training data (a local file with the recorded md5, or the
    /// tracked version in the content store) split with the run's seed and validation row count.
    /// </summary>
    private async Task<CompressionData> RecordedValidationAsync(Run? run, OnnxRunner model, string label, CancellationToken ct)
    {
        const string fix = "pass --data FILE (labelled rows, the label last) to evaluate on";
        if (run is null) throw MlnbException.Invalid($"{label} has no source run, so no recorded validation data; {fix}");
        var input = run.Inputs.FirstOrDefault(i => i.Context == "training")
            ?? throw MlnbException.Invalid($"{label}'s run {run.RunId} recorded no training data; {fix}");
        if (run.Param("seed") is not { } seedText || !int.TryParse(seedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
            || run.Param("val_rows") is not { } valText || !int.TryParse(valText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var valRows) || valRows < 1)
            throw MlnbException.Invalid($"{label}'s run {run.RunId} did not record its seed and validation rows (params seed, val_rows), so its split cannot be repeated; {fix}");
        string? path = null;
        string? temp = null;
        if (tracking.Content.Contains(input.Digest))
        {
            temp = Path.Combine(Path.GetTempPath(), $"mlnb-compress-{Guid.NewGuid():N}-{Path.GetFileName(input.Name)}");
            await tracking.Content.CopyToFileAsync(input.Digest, temp, ct).ConfigureAwait(false);
            path = temp;
        }
        else if (input.SourceType == "local" && File.Exists(input.Source) && await ContentStore.HashFileAsync(input.Source, ct).ConfigureAwait(false) == input.Digest)
            path = input.Source;
        if (path is null)
            throw MlnbException.NotFound($"{label} was trained on {input.Name} (md5 {input.Digest}), which is neither in the content store nor unchanged at '{input.Source}'; {fix}");
        try
        {
            if (model.Columns is { } columns)
            {
                // The split is over the rows the run trained on: its label, the model's input columns as features.
                var table = TabularData.Load(path, new TabularOptions { Label = run.Param("label"), Features = [.. columns.Select(c => c.Name)] });
                var (_, rows) = table.Split((double)valRows / table.Rows, seed);
                return ColumnData.From(rows, columns, $"{rows.Rows} validation rows of {input.Name} (seed {seed})", label);
            }
            var all = TabularData.Load(path);
            var (_, validation) = all.Split((double)valRows / all.Rows, seed);
            return CompressionData.From(validation, model.Width, $"{validation.Rows} validation rows of {input.Name} (seed {seed})", label);
        }
        finally
        {
            if (temp is not null) File.Delete(temp);
        }
    }
}
