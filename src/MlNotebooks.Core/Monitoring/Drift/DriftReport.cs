namespace MlNotebooks.Monitoring.Drift;

/// <summary>The drift of one column.</summary>
/// <param name="Column">The column name.</param>
/// <param name="Kind">"numeric" or "categorical".</param>
/// <param name="StatTest">The test's name (<c>ks</c>, <c>wasserstein</c>, ...).</param>
/// <param name="StatTestDisplay">The test's display name.</param>
/// <param name="Direction">How <see cref="Score"/> is read against <see cref="Threshold"/>.</param>
/// <param name="Statistic">The test statistic.</param>
/// <param name="PValue">The p-value for p-value tests; null for distances.</param>
/// <param name="Score">The p-value or the distance.</param>
/// <param name="Threshold">The threshold used.</param>
/// <param name="Drifted">Whether the column drifted.</param>
/// <param name="ReferenceCount">Values tested in the reference (missing ones dropped).</param>
/// <param name="CurrentCount">Values tested in the current window.</param>
public sealed record ColumnDrift(
    string Column, string Kind, string StatTest, string StatTestDisplay, DriftDirection Direction,
    double Statistic, double? PValue, double Score, double Threshold, bool Drifted, int ReferenceCount, int CurrentCount);

/// <summary>The drift of a current window against a reference, column by column and for the dataset.</summary>
/// <param name="Columns">Per feature column, in the reference's order (the prediction column excluded).</param>
/// <param name="Prediction">The prediction column's drift, when one was named.</param>
/// <param name="DriftedColumns">How many feature columns drifted.</param>
/// <param name="DriftShare">The share of feature columns that drifted.</param>
/// <param name="DriftShareThreshold">The share at which the dataset drifts.</param>
/// <param name="DatasetDrift">Whether the dataset drifted (share ≥ threshold).</param>
/// <param name="ReferenceRows">Rows in the reference window.</param>
/// <param name="CurrentRows">Rows in the current window.</param>
public sealed record DriftReport(
    IReadOnlyList<ColumnDrift> Columns, ColumnDrift? Prediction, int DriftedColumns, double DriftShare,
    double DriftShareThreshold, bool DatasetDrift, int ReferenceRows, int CurrentRows);
