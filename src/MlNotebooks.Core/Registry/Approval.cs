namespace MlNotebooks.Registry;

/// <summary>A reviewer's verdict on a version for an alias.</summary>
/// <param name="ModelName">Registered model.</param>
/// <param name="Version">Version reviewed.</param>
/// <param name="Alias">Target alias (e.g. <c>production</c>).</param>
/// <param name="Actor">Reviewer.</param>
/// <param name="Approved">True for an approval, false for a rejection.</param>
/// <param name="Time">When.</param>
/// <param name="Comment">Why.</param>
public sealed record Approval(string ModelName, int Version, string Alias, string Actor, bool Approved, DateTimeOffset Time, string Comment);
