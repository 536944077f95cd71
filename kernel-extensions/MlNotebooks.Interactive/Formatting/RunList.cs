using MlNotebooks.Tracking;

namespace MlNotebooks.Interactive.Formatting;

/// <summary>A list of runs, displayed as one table (what <c>#!track runs</c> shows).</summary>
/// <param name="Runs">The runs, newest first.</param>
public sealed record RunList(IReadOnlyList<Run> Runs);
