namespace MlNotebooks.Notebooks.Execution;

/// <summary>Which cells of a failed notebook keep their outputs, and which run again.</summary>
/// <param name="Kept">Indices of cells not executed again (their outputs and metadata stay).</param>
/// <param name="Parameters">The parameters of the run being resumed, or null to use those given.</param>
internal sealed record ResumePlan(IReadOnlySet<int> Kept, IReadOnlyDictionary<string, string>? Parameters)
{
    public static ResumePlan FromTop { get; } = new(new HashSet<int>(), null);

    public bool Keeps(int index) => Kept.Contains(index);
}
