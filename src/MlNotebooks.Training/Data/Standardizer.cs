namespace MlNotebooks.Training.Data;

/// <summary>Per-column (x - mean) / std, fitted on training rows; exported into the ONNX graph so serving sees raw features.</summary>
public sealed record Standardizer(float[] Mean, float[] Std)
{
    /// <summary>Fits on a data set; constant columns get std 1.</summary>
    public static Standardizer Fit(TabularData data)
    {
        var mean = new double[data.Columns];
        var sq = new double[data.Columns];
        for (var i = 0; i < data.Rows; i++)
        {
            var row = data.Row(i);
            for (var j = 0; j < row.Length; j++) mean[j] += row[j];
        }
        for (var j = 0; j < mean.Length; j++) mean[j] /= data.Rows;
        for (var i = 0; i < data.Rows; i++)
        {
            var row = data.Row(i);
            for (var j = 0; j < row.Length; j++) sq[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
        }
        var std = sq.Select(s => Math.Sqrt(s / data.Rows) is var d && d > 1e-6 ? (float)d : 1f).ToArray();
        return new Standardizer(mean.Select(m => (float)m).ToArray(), std);
    }
}
