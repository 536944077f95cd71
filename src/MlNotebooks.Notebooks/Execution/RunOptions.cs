namespace MlNotebooks.Notebooks.Execution;

/// <summary>What <c>mlnb notebook run</c> was asked to do.</summary>
public sealed record RunOptions
{
    /// <summary>The notebook to run (.ipynb or .dib).</summary>
    public required string InputPath { get; init; }

    /// <summary>Where the executed notebook is written (.ipynb).</summary>
    public required string OutputPath { get; init; }

    /// <summary>Parameter values as given (strings), converted to the defaults' types.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>The working directory cells run in (null: the current one).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The longest a cell may run (null: no limit).</summary>
    public TimeSpan? CellTimeout { get; init; }

    /// <summary>Output kept per cell, in characters; the rest is cut with a note.</summary>
    public long MaxOutputBytes { get; init; } = 1_000_000;

    /// <summary>Resume from this executed notebook (one that failed) instead of running from the top.</summary>
    public string? ResumePath { get; init; }

    /// <summary>The tracking URI <c>#!track</c> uses (null: the usual search from the working directory).</summary>
    public string? TrackingUri { get; init; }

    /// <summary>Progress lines (cell started, finished), or null for none.</summary>
    public Action<string>? Log { get; init; }
}
