namespace MlNotebooks.Monitoring.Profiles;

/// <summary>A profile component (whylogs' metric component): <see cref="Merge"/> combines two, and Zero is the identity.</summary>
/// <typeparam name="T">The component type.</typeparam>
public interface IMergeable<T> where T : IMergeable<T>
{
    /// <summary>The identity: merging it with x gives x.</summary>
    static abstract T Zero { get; }

    /// <summary>The component of the union of both inputs (neither is changed).</summary>
    T Merge(T other);
}
