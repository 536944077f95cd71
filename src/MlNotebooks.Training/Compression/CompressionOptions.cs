using MlNotebooks.Registry;

namespace MlNotebooks.Training.Compression;

/// <summary>What <c>mlnb models compress</c> does to a model version.</summary>
public sealed record CompressionOptions
{
    /// <summary>Integer quantization of MatMul/Gemm weights (and activations at run time).</summary>
    public QuantizeMode Quantize { get; init; } = QuantizeMode.None;

    /// <summary>Magnitude pruning: the fraction of each MatMul/Gemm weight set to zero (before quantization), or null.</summary>
    public double? Prune { get; init; }

    /// <summary>Rows for static quantization's activation ranges (CSV or Parquet, the model's feature columns).</summary>
    public string? CalibrationPath { get; init; }

    /// <summary>Labelled rows to evaluate on; null evaluates on the source run's recorded validation split.</summary>
    public string? DataPath { get; init; }

    /// <summary>One-row calls per model and round for the latency ratio.</summary>
    public int LatencyCalls { get; init; } = 300;

    /// <summary>Timing rounds (alternating float and compressed); the median round is reported.</summary>
    public int LatencyRounds { get; init; } = 5;

    /// <summary>Checks the combination; fails naming the fix.</summary>
    public void Validate()
    {
        if (Quantize == QuantizeMode.None && Prune is null)
            throw MlnbException.Invalid("nothing to do: pass --quantize dynamic|static and/or --prune SPARSITY (e.g. --prune 0.5)");
        if (Quantize == QuantizeMode.Static && CalibrationPath is null)
            throw MlnbException.Invalid("--quantize static needs --calibration DATA (rows with the model's feature columns) to measure activation ranges; or use --quantize dynamic");
        if (Quantize != QuantizeMode.Static && CalibrationPath is not null)
            throw MlnbException.Invalid("--calibration is used by --quantize static only; drop it or pass --quantize static");
        if (Prune is { } p && (p is < 0 or >= 1 || double.IsNaN(p)))
            throw MlnbException.Invalid($"--prune must be a fraction in [0, 1), e.g. 0.5 for half the weights, not {p}");
        if (LatencyCalls < 1 || LatencyRounds < 1) throw MlnbException.Invalid("latency calls and rounds must be at least 1");
    }

    /// <summary>A short description (<c>quantize dynamic + prune 0.5</c>).</summary>
    public string Describe() => string.Join(" + ", new[]
    {
        Prune is { } p ? $"prune {p.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : null,
        Quantize != QuantizeMode.None ? $"quantize {Quantize.ToString().ToLowerInvariant()}" : null,
    }.Where(s => s is not null));
}

/// <summary>A compressed version and how it compares with its source.</summary>
/// <param name="Source">The version compressed.</param>
/// <param name="Version">The new version registered.</param>
/// <param name="RunId">The compression run (metrics, artifacts, lineage).</param>
/// <param name="Nodes">MatMul/Gemm nodes rewritten (quantized or pruned).</param>
/// <param name="Sparsity">Fraction of zero weights in those nodes after pruning, when pruned.</param>
/// <param name="EvaluatedOn">Which rows the two models were compared on.</param>
/// <param name="SourceQuality">The source's score.</param>
/// <param name="Quality">The compressed model's score.</param>
/// <param name="Agreement">Fraction of rows where both predict the same class (classification), or null.</param>
/// <param name="SourceBytes">Source ONNX size.</param>
/// <param name="Bytes">Compressed ONNX size.</param>
/// <param name="SourceMicros">Source model, µs per one-row call in-process.</param>
/// <param name="Micros">Compressed model, µs per one-row call in-process.</param>
public sealed record CompressionResult(ModelVersion Source, ModelVersion Version, string RunId, int Nodes, double? Sparsity, string EvaluatedOn,
    ModelQuality SourceQuality, ModelQuality Quality, double? Agreement, long SourceBytes, long Bytes, double SourceMicros, double Micros)
{
    /// <summary>Compressed accuracy minus the source's (classification), or null.</summary>
    public double? AccuracyDelta => Quality.Accuracy - SourceQuality.Accuracy;

    /// <summary>Compressed RMSE minus the source's (regression), or null.</summary>
    public double? RmseDelta => Quality.Rmse - SourceQuality.Rmse;

    /// <summary>Compressed size / source size.</summary>
    public double SizeRatio => (double)Bytes / SourceBytes;

    /// <summary>Compressed latency / source latency (one row, in-process ONNX Runtime).</summary>
    public double LatencyRatio => Micros / SourceMicros;
}
