namespace MlNotebooks.Registry;

/// <summary>What a promotion did.</summary>
/// <param name="Name">Model.</param>
/// <param name="Alias">Alias moved.</param>
/// <param name="Version">Version it now points at.</param>
/// <param name="PreviousVersion">Version it pointed at before, or null.</param>
/// <param name="Gates">How each gate judged the version.</param>
public sealed record PromotionResult(string Name, string Alias, int Version, int? PreviousVersion, IReadOnlyList<GateResult> Gates);
