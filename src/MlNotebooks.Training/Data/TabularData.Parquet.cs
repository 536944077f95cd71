using Parquet;
using Parquet.Schema;

namespace MlNotebooks.Training.Data;

public sealed partial class TabularData
{
    /// <summary>
    /// Writes raw columns (e.g. from <see cref="ReadCsv"/>) as one Parquet row group: numbers as nullable float32
    /// (missing as null), text as nullable strings; <see cref="Load"/> reads it back as the same rows.
    /// </summary>
    public static async Task WriteParquetAsync(IReadOnlyList<RawColumn> columns, string path, CancellationToken cancellationToken = default)
    {
        var fields = columns.Select(c => c.IsText ? (DataField)new DataField<string>(c.Name) : new DataField<float?>(c.Name)).ToList();
        var temp = path + ".tmp";
        await using (var file = File.Create(temp))
        {
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), file, cancellationToken: cancellationToken).ConfigureAwait(false);
            using var group = writer.CreateRowGroup();
            for (var j = 0; j < columns.Count; j++)
            {
                if (columns[j].Strings is { } text) await group.WriteAsync(fields[j], (IReadOnlyCollection<string>)text!).ConfigureAwait(false);
                else await group.WriteAsync<float>(fields[j], columns[j].Numbers!.Select(v => float.IsNaN(v) ? (float?)null : v).ToArray().AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        File.Move(temp, path, overwrite: true); // no partial file under the real name
    }
}
