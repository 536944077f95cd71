namespace MlNotebooks.Job;

/// <summary>What a notebook cell shows, printed by the job: <c>display(x)</c> and a cell's trailing expression.</summary>
public static class Notebook
{
    /// <summary>Prints <paramref name="value"/> (what the notebook displayed).</summary>
    public static object? display(object? value)
    {
        Console.WriteLine(value is System.Collections.IEnumerable e and not string ? string.Join(Environment.NewLine, e.Cast<object?>()) : value);
        return value;
    }
}
