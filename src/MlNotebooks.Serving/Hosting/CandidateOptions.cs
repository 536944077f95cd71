namespace MlNotebooks.Serving.Hosting;

/// <summary>How a candidate version gets traffic.</summary>
public enum CandidateMode
{
    /// <summary>A share of requests is answered by the candidate.</summary>
    Canary,
    /// <summary>Every request is mirrored to the candidate; its answers are recorded and discarded.</summary>
    Shadow,
}

/// <summary>A candidate version served beside a model's primary, and when to stop sending it traffic.</summary>
public sealed record CandidateOptions
{
    /// <summary><c>models:/NAME@ALIAS</c> or <c>models:/NAME/VERSION</c>; NAME must be one of the served models.</summary>
    public required string ModelUri { get; init; }

    /// <summary>Canary or shadow.</summary>
    public CandidateMode Mode { get; init; } = CandidateMode.Canary;

    /// <summary>Share of requests a canary answers (0 to 1).</summary>
    public double Share { get; init; } = 0.1;

    /// <summary>Where shadow comparisons are appended as JSON lines, or null to keep only the metrics.</summary>
    public string? ShadowLogPath { get; init; }

    /// <summary>Roll back when the candidate's error rate in the window exceeds this (0 to 1).</summary>
    public double MaxErrorRate { get; init; } = 0.05;

    /// <summary>Roll back when the candidate's p99 latency in the window exceeds this.</summary>
    public TimeSpan MaxP99Latency { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The sliding window the error rate and p99 are measured over.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Candidate requests the window must hold before a rollback is decided.</summary>
    public int MinRequests { get; init; } = 20;

    /// <summary>Fails with the fix when a value is out of range.</summary>
    public void Validate()
    {
        if (Share is < 0 or > 1) throw MlnbException.Invalid($"canary share {Share} must be between 0 and 1, e.g. 0.1 for 10 %");
        if (MaxErrorRate is < 0 or > 1) throw MlnbException.Invalid($"max error rate {MaxErrorRate} must be between 0 and 1");
        if (MinRequests < 1) throw MlnbException.Invalid($"min requests {MinRequests} must be 1 or more");
        if (Window <= TimeSpan.Zero) throw MlnbException.Invalid("the rollback window must be longer than zero");
    }
}
