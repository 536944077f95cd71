using System.Globalization;

namespace MlNotebooks.Cli.Quickstart;

/// <summary>The sklearn-format breast_cancer.csv: a header of counts/class names, then 30 features and a 0/1 label.</summary>
internal sealed record BreastCancerData(double[][] Features, int[] Labels)
{
    public static BreastCancerData Load(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length < 2)
            throw MlnbException.Invalid($"'{path}' has no data rows; expected the sklearn breast_cancer.csv format");
        var header = lines[0].Split(',');
        if (header.Length < 2 || !int.TryParse(header[0], out var rows) || !int.TryParse(header[1], out var cols))
            throw MlnbException.Invalid($"'{path}' does not start with a 'ROWS,FEATURES,...' header line; expected the sklearn breast_cancer.csv format");
        var x = new double[rows][];
        var y = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            var parts = lines[i + 1].Split(',');
            if (parts.Length != cols + 1)
                throw MlnbException.Invalid($"'{path}' line {i + 2} has {parts.Length} fields; expected {cols + 1}");
            x[i] = parts[..cols].Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            y[i] = int.Parse(parts[cols], CultureInfo.InvariantCulture);
        }
        return new BreastCancerData(x, y);
    }
}
