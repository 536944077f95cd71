namespace MlNotebooks.Tracking;

/// <summary>A run search: MLflow's filter syntax plus OR and parentheses.</summary>
/// <param name="ExperimentIds">Experiments to search.</param>
/// <param name="Filter">e.g. <c>metrics.acc &gt; 0.9 AND (params.lr = '0.01' OR tags.x LIKE 'a%')</c>; empty for all.</param>
/// <param name="ViewType">Active, deleted or all runs.</param>
/// <param name="MaxResults">Page size (1..50000).</param>
/// <param name="OrderBy">e.g. <c>metrics.acc DESC</c>, <c>attributes.start_time</c>.</param>
/// <param name="PageToken">Token from a previous page.</param>
public sealed record SearchRunsQuery(
    IReadOnlyList<string> ExperimentIds,
    string? Filter = null,
    ViewType ViewType = ViewType.ActiveOnly,
    int MaxResults = 1000,
    IReadOnlyList<string>? OrderBy = null,
    string? PageToken = null);
