namespace MlNotebooks.Serving.Features;

/// <summary>
/// Fetches a model's features by entity key from an online store, in process. Implemented by the feature store
/// (MlNotebooks.Features) and handed to the server by the front end, so the model server itself needs neither
/// DuckDB nor the feature definitions.
/// </summary>
public interface IFeatureLookup : IDisposable
{
    /// <summary>One line for the server's start message, e.g. <c>model_v1 (conv_rate, trips) by driver_id from sqlite:/…/online.db</c>.</summary>
    string Describe { get; }

    /// <summary>The join keys a request must carry, e.g. <c>driver_id</c>.</summary>
    IReadOnlyList<string> JoinKeys { get; }

    /// <summary>The feature columns a lookup answers, in order (the names the training set had).</summary>
    IReadOnlyList<string> FeatureNames { get; }

    /// <summary>
    /// One column per <see cref="FeatureNames"/> entry with a value per entity row (null where the entity has no
    /// stored row or a null value), and per row whether the entity was found in every view.
    /// </summary>
    FeatureLookupResult Fetch(IReadOnlyDictionary<string, IReadOnlyList<object?>> entityRows);
}

/// <summary>Looked-up feature columns.</summary>
/// <param name="Columns">One list per feature name, one value per entity row: double, long, bool, string or null.</param>
/// <param name="Missing">Per entity row: the first view that had no row for it, or null when every view had one.</param>
public sealed record FeatureLookupResult(IReadOnlyList<IReadOnlyList<object?>> Columns, IReadOnlyList<string?> Missing);

/// <summary>Opens the lookup a model version's serving config declares.</summary>
public interface IFeatureLookupFactory
{
    /// <summary>Opens (and checks: repo present, features defined) the lookup for <paramref name="features"/>.</summary>
    IFeatureLookup Open(ServingFeatures features, string modelName, int version);
}
