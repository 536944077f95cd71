namespace MlNotebooks.Monitoring.Drift;

/// <summary>How a test's score is read against its threshold.</summary>
public enum DriftDirection
{
    /// <summary>The score is a p-value: the column drifted when it is below the threshold (Evidently: <c>p &lt; threshold</c>).</summary>
    PValueBelow,
    /// <summary>The score is a distance: the column drifted when it is at or above the threshold (Evidently: <c>d ≥ threshold</c>).</summary>
    DistanceAtOrAbove,
}

/// <summary>Reads a score against a threshold in a direction.</summary>
public static class DriftDirections
{
    /// <summary>True when <paramref name="score"/> means drift for <paramref name="threshold"/>.</summary>
    public static bool Drifted(this DriftDirection direction, double score, double threshold) => direction switch
    {
        DriftDirection.PValueBelow => score < threshold,
        _ => score >= threshold,
    };
}
