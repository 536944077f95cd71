using System.ComponentModel;
using System.Globalization;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Training.Compression;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Registry;

/// <summary>
/// <c>mlnb models compress models:/NAME/N --quantize dynamic|static [--calibration DATA] [--prune SPARSITY] [--data DATA]</c>:
/// registers the compressed model as the next version and prints how it compares with the source.
/// </summary>
internal sealed class ModelsCompressCommand : WorkspaceCommand<ModelsCompressCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandArgument(0, "<MODEL_URI>")]
        [Description("The version to compress: models:/NAME/VERSION or models:/NAME@ALIAS")]
        public string Model { get; init; } = "";

        [CommandOption("--quantize <MODE>")]
        [Description("int8 MatMul/Gemm weights: dynamic (activation scales per call) or static (activation scales from --calibration)")]
        public string? Quantize { get; init; }

        [CommandOption("--calibration <DATA>")]
        [Description("CSV or Parquet rows with the model's feature columns, for --quantize static")]
        public string? Calibration { get; init; }

        [CommandOption("--prune <SPARSITY>")]
        [Description("Magnitude pruning: zero this fraction of each MatMul/Gemm weight (e.g. 0.5), before any quantization")]
        public double? Prune { get; init; }

        [CommandOption("--data <DATA>")]
        [Description("Labelled rows (label last) to compare the models on (default: the source run's validation split)")]
        public string? Data { get; init; }

        public override Spectre.Console.ValidationResult Validate() =>
            Quantize is not (null or "dynamic" or "static")
                ? Spectre.Console.ValidationResult.Error($"--quantize must be dynamic or static, not '{Quantize}'")
                : Spectre.Console.ValidationResult.Success();
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        var options = new CompressionOptions
        {
            Quantize = s.Quantize switch { "dynamic" => QuantizeMode.Dynamic, "static" => QuantizeMode.Static, _ => QuantizeMode.None },
            Prune = s.Prune,
            CalibrationPath = s.Calibration,
            DataPath = s.Data,
        };
        var r = await new ModelCompressor(ws.Registry, ws.Tracking).CompressAsync(s.Model, options, ct).ConfigureAwait(false);
        static string F(double v, string format = "0.0000") => v.ToString(format, CultureInfo.InvariantCulture);
        Console.WriteLine($"models:/{r.Version.Name}/{r.Version.Version} <- {options.Describe()} of models:/{r.Source.Name}/{r.Source.Version} ({r.Nodes} MatMul/Gemm node{(r.Nodes == 1 ? "" : "s")}"
            + (r.Sparsity is { } sp ? $", {F(sp * 100, "0.0")}% of their weights zero" : "") + ")");
        if (r.AccuracyDelta is { } d)
            Console.WriteLine($"accuracy  {F(r.SourceQuality.Accuracy!.Value)} -> {F(r.Quality.Accuracy!.Value)} (delta {F(d, "+0.0000;-0.0000;0.0000")}, same prediction on {F(r.Agreement!.Value * 100, "0.0")}% of rows) on {r.EvaluatedOn}");
        if (r.RmseDelta is { } rd)
            Console.WriteLine($"rmse      {F(r.SourceQuality.Rmse!.Value)} -> {F(r.Quality.Rmse!.Value)} (delta {F(rd, "+0.0000;-0.0000;0.0000")}) on {r.EvaluatedOn}");
        if (r.Quality.R2 is { } r2 && r.SourceQuality.R2 is { } r20)
            Console.WriteLine($"r2        {F(r20)} -> {F(r2)} (delta {F(r2 - r20, "+0.0000;-0.0000;0.0000")})");
        Console.WriteLine($"size      {r.SourceBytes.ToString("N0", CultureInfo.InvariantCulture)} -> {r.Bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes (ratio {F(r.SizeRatio, "0.000")})");
        Console.WriteLine($"latency   {F(r.SourceMicros, "0.0")} -> {F(r.Micros, "0.0")} µs per one-row call, in-process ONNX Runtime (ratio {F(r.LatencyRatio, "0.000")})");
        Console.WriteLine($"run       {r.RunId} (metrics compression.*; gate promotions with `mlnb models gates {r.Version.Name} --alias production --set \"{(r.RmseDelta is null ? "metrics.compression.accuracy_delta >= -0.01" : "metrics.compression.rmse_delta <= 0.1")}\"`)");
        return 0;
    }
}
