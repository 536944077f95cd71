namespace MlNotebooks.Tracking.Search;

/// <summary>What a comparison looks at.</summary>
internal enum FilterEntity { Metric, Param, Tag, Attribute, Dataset }

/// <summary>A parsed filter: comparisons combined with AND/OR.</summary>
internal abstract record FilterNode;

internal sealed record AndNode(FilterNode Left, FilterNode Right) : FilterNode;

internal sealed record OrNode(FilterNode Left, FilterNode Right) : FilterNode;

/// <summary>One comparison. <paramref name="Values"/> holds one value, or several for IN / NOT IN.</summary>
internal sealed record ComparisonNode(FilterEntity Entity, string Key, string Operator, IReadOnlyList<object> Values) : FilterNode;
