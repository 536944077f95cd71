namespace MlNotebooks.Tracking;

/// <summary>A run tag: may be overwritten.</summary>
/// <param name="Key">Tag name.</param>
/// <param name="Value">Tag value.</param>
public sealed record RunTag(string Key, string Value);
