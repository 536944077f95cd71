namespace MlNotebooks.Registry;

/// <summary>One line of a model's audit log: an alias move, an approval, a rejection, a refused promotion, a serving decision.</summary>
/// <param name="Id">Sequence number.</param>
/// <param name="ModelName">Registered model.</param>
/// <param name="Action">What happened (<see cref="AuditActions"/>).</param>
/// <param name="Alias">The alias concerned, or null.</param>
/// <param name="Version">The version concerned, or null.</param>
/// <param name="PreviousVersion">The alias's version before a move, or null.</param>
/// <param name="Actor">Who did it.</param>
/// <param name="Time">When.</param>
/// <param name="Reason">Why, with the numbers.</param>
public sealed record AuditEntry(long Id, string ModelName, string Action, string? Alias, int? Version, int? PreviousVersion, string Actor, DateTimeOffset Time, string Reason);
