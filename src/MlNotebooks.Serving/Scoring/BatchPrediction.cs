using System.Globalization;
using System.Text;
using System.Text.Json;
using MlNotebooks.Data;
using MlNotebooks.Registry;
using MlNotebooks.Serving.Protocol;
using MlNotebooks.Serving.Runtime;

namespace MlNotebooks.Serving.Scoring;

/// <summary>What a batch scoring wrote.</summary>
/// <param name="Model">The version that scored.</param>
/// <param name="Rows">Rows scored.</param>
/// <param name="OutputPath">The file written.</param>
public sealed record BatchPredictionResult(ModelVersion Model, long Rows, string OutputPath);

/// <summary>
/// Batch scoring (<c>mlnb predict</c>): streams a CSV or Parquet file through a registered model in chunks, in
/// process, and writes one output row per input row to CSV or JSON lines, reporting progress per chunk.
/// </summary>
public static class BatchPrediction
{
    /// <summary>Scores <paramref name="inputPath"/> (.csv with a header, or .parquet) into <paramref name="outputPath"/> (.csv or .jsonl).</summary>
    public static async Task<BatchPredictionResult> RunAsync(RegistryClient registry, string modelUri, string inputPath, string outputPath,
        int chunkRows = 4096, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(inputPath)) throw MlnbException.NotFound($"input file '{inputPath}' does not exist; give a .csv or .parquet file");
        var inExt = Path.GetExtension(inputPath).ToLowerInvariant();
        var outExt = Path.GetExtension(outputPath).ToLowerInvariant();
        if (inExt is not ".csv" and not ".parquet") throw MlnbException.Invalid($"input '{inputPath}' must be a .csv or .parquet file");
        if (outExt is not ".csv" and not ".jsonl") throw MlnbException.Invalid($"output '{outputPath}' must end in .csv or .jsonl");
        if (chunkRows < 1) throw MlnbException.Invalid("chunk size must be 1 row or more");
        var version = await registry.ResolveAsync(modelUri, cancellationToken).ConfigureAwait(false);
        using var model = await OnnxModel.LoadAsync(registry, version, Math.Max(1, Environment.ProcessorCount), cancellationToken).ConfigureAwait(false);
        var outputs = model.Signature.Outputs.Select(o => o.Name).ToArray();
        // Written beside the output under a name that says whose it is: a killed export leaves no file a later one keeps.
        MlNotebooks.Storage.TempFiles.SweepOnce(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
        var tmp = MlNotebooks.Storage.TempFiles.Beside(outputPath);
        long rows = 0;
        try
        {
            await using (var writer = new StreamWriter(tmp, false, new UTF8Encoding(false)))
            {
                var headerWritten = false;
                var chunks = inExt == ".csv" ? CsvChunksAsync(inputPath, chunkRows, cancellationToken) : ParquetChunksAsync(inputPath, chunkRows, cancellationToken);
                await foreach (var table in chunks.ConfigureAwait(false))
                {
                    Tensor[] inputs;
                    try { inputs = InputValidator.Validate(table.ToTensors(model.Signature), model.Signature, version.Name); }
                    catch (MlnbException e) when (e.Code == ErrorCode.InvalidParameterValue)
                    {
                        throw MlnbException.Invalid($"rows {rows + 1}-{rows + table.Rows.Count} of '{inputPath}': {e.Message}");
                    }
                    var result = model.Run(inputs, outputs);
                    if (!headerWritten && outExt == ".csv")
                    {
                        await writer.WriteLineAsync(string.Join(",", result.SelectMany(o => o.RowSize == 1 ? [o.Name] : Enumerable.Range(0, o.RowSize).Select(k => $"{o.Name}[{k}]")))).ConfigureAwait(false);
                        headerWritten = true;
                    }
                    for (var r = 0; r < table.Rows.Count; r++)
                        await writer.WriteLineAsync(outExt == ".csv" ? CsvRow(result, r) : JsonRow(result, r)).ConfigureAwait(false);
                    rows += table.Rows.Count;
                    progress?.Report(rows);
                }
            }
            File.Move(tmp, outputPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
        return new BatchPredictionResult(version, rows, Path.GetFullPath(outputPath));
    }

    private static string Cell(Array data, int i) => data.GetValue(i) switch
    {
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        string s => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s,
        var o => Convert.ToString(o, CultureInfo.InvariantCulture) ?? "",
    };

    private static string CsvRow(Tensor[] outputs, int r) =>
        string.Join(",", outputs.SelectMany(o => Enumerable.Range(0, o.RowSize).Select(k => Cell(o.Data, r * o.RowSize + k))));

    private static string JsonRow(Tensor[] outputs, int r)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var o in outputs)
            {
                w.WritePropertyName(o.Name);
                var row = o.Slice(r, 1);
                JsonTensors.WriteNested(w, row with { Shape = row.Shape.Length > 1 && row.RowSize == 1 ? [] : row.Shape[1..] });
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static async IAsyncEnumerable<Table> CsvChunksAsync(string path, int chunkRows, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, true, 1 << 16);
        var header = await reader.ReadLineAsync(ct).ConfigureAwait(false) ?? throw MlnbException.Invalid($"'{path}' is empty; it needs a header row of column names");
        var columns = CsvLine.Split(header);
        var rows = new List<object?[]>(chunkRows);
        var line = 1;
        string? text;
        while ((text = await reader.ReadLineAsync(ct).ConfigureAwait(false)) is not null)
        {
            line++;
            if (text.Length == 0) continue;
            var cells = CsvLine.Split(text);
            if (cells.Count != columns.Count) throw MlnbException.Invalid($"'{path}' line {line} has {cells.Count} fields for {columns.Count} columns");
            rows.Add([.. cells.Select(ScoringRequest.ParseCell)]);
            if (rows.Count == chunkRows)
            {
                yield return new Table(columns, rows);
                rows = new List<object?[]>(chunkRows);
            }
        }
        if (rows.Count > 0) yield return new Table(columns, rows);
    }

    private static async IAsyncEnumerable<Table> ParquetChunksAsync(string path, int chunkRows, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await Parquet.ParquetReader.CreateAsync(stream, cancellationToken: ct).ConfigureAwait(false);
        var fields = reader.Schema.GetDataFields();
        var columns = fields.Select(f => f.Name).ToList();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var data = new Array[fields.Length];
            var count = (int)group.RowCount;
            for (var c = 0; c < fields.Length; c++) data[c] = await ReadColumnAsync(group, fields[c], count, ct).ConfigureAwait(false);
            for (var start = 0; start < count; start += chunkRows)
            {
                var n = Math.Min(chunkRows, count - start);
                var rows = new List<object?[]>(n);
                for (var r = start; r < start + n; r++)
                    rows.Add([.. data.Select(col => Normalize(col.GetValue(r)))]);
                yield return new Table(columns, rows);
            }
        }
    }

    private static async Task<Array> ReadColumnAsync(Parquet.ParquetRowGroupReader group, Parquet.Schema.DataField field, int count, CancellationToken ct)
    {
        var t = field.ClrType;
        if (t == typeof(string) || t == typeof(ReadOnlyMemory<char>)) { var a = new string?[count]; await group.ReadAsync(field, a.AsMemory(), null, ct).ConfigureAwait(false); return a; }
        if (t == typeof(double)) return await Nullable<double>(group, field, count, ct).ConfigureAwait(false);
        if (t == typeof(float)) return await Nullable<float>(group, field, count, ct).ConfigureAwait(false);
        if (t == typeof(long)) return await Nullable<long>(group, field, count, ct).ConfigureAwait(false);
        if (t == typeof(int)) return await Nullable<int>(group, field, count, ct).ConfigureAwait(false);
        if (t == typeof(short)) return await Nullable<short>(group, field, count, ct).ConfigureAwait(false);
        if (t == typeof(bool)) return await Nullable<bool>(group, field, count, ct).ConfigureAwait(false);
        if (t == typeof(DateTime)) return await Nullable<DateTime>(group, field, count, ct).ConfigureAwait(false);
        // A type batch scoring does not convert (decimal, nested, binary, ...): the column reads as missing values,
        // an error only when the model takes it.
        return new object?[count];
    }

    private static async Task<Array> Nullable<T>(Parquet.ParquetRowGroupReader group, Parquet.Schema.DataField field, int count, CancellationToken ct) where T : struct
    {
        var a = new T?[count];
        await group.ReadAsync(field, a.AsMemory(), null, ct).ConfigureAwait(false);
        return a;
    }

    private static object? Normalize(object? v) => v switch
    {
        null => null,
        bool b => b,
        string s => s,
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        IConvertible c => c.ToDouble(CultureInfo.InvariantCulture),
        var o => o.ToString(),
    };
}
