namespace MlNotebooks.Features;

/// <summary>A named list of features a model uses (Feast <c>FeatureService</c>): <c>view</c> (all its features) or <c>view:feature</c>.</summary>
/// <param name="Name">The service's name.</param>
/// <param name="Features">References: <c>view</c> or <c>view:feature</c>.</param>
public sealed record FeatureService(string Name, IReadOnlyList<string> Features);
