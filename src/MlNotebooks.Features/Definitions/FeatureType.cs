namespace MlNotebooks.Features;

/// <summary>A feature's value type, with Feast's names (<c>feast.types</c>).</summary>
public enum FeatureType
{
    /// <summary>32-bit integer.</summary>
    Int32,
    /// <summary>64-bit integer.</summary>
    Int64,
    /// <summary>32-bit float.</summary>
    Float32,
    /// <summary>64-bit float.</summary>
    Float64,
    /// <summary>UTF-8 string.</summary>
    String,
    /// <summary>Boolean.</summary>
    Bool,
    /// <summary>A point in time (UTC).</summary>
    UnixTimestamp,
}
