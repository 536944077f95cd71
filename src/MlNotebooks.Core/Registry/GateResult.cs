namespace MlNotebooks.Registry;

/// <summary>How one gate judged a version.</summary>
/// <param name="Gate">The gate.</param>
/// <param name="Passed">True when it holds.</param>
/// <param name="Detail">The numbers that decided it, e.g. <c>metrics.auc = 0.91, needs &gt;= 0.95</c>.</param>
public sealed record GateResult(string Gate, bool Passed, string Detail);
