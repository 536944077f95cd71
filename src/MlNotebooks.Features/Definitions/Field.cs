namespace MlNotebooks.Features;

/// <summary>One column of a feature view's schema (Feast <c>Field(name, dtype)</c>).</summary>
/// <param name="Name">The column name in the source.</param>
/// <param name="Dtype">The value type.</param>
public sealed record Field(string Name, FeatureType Dtype);
