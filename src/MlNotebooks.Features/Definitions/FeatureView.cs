namespace MlNotebooks.Features;

/// <summary>
/// A group of features read from one source for some entities (Feast <c>FeatureView</c>). A value is valid for
/// <see cref="Ttl"/> after its event time; <see cref="TimeSpan.Zero"/> means forever (Feast's <c>ttl=0</c>).
/// </summary>
/// <param name="Name">The view's name (the prefix of <c>view:feature</c> references).</param>
/// <param name="Entities">The entities' names; their join keys are the view's keys.</param>
/// <param name="Schema">The features (the join keys and timestamps are not listed).</param>
/// <param name="Ttl">How long a value stays valid; zero = unlimited.</param>
/// <param name="Source">The source's name.</param>
/// <param name="Online">Whether materialization writes this view to the online store.</param>
public sealed record FeatureView(string Name, IReadOnlyList<string> Entities, IReadOnlyList<Field> Schema, TimeSpan Ttl, string Source, bool Online = true);
