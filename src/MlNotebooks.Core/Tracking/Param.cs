namespace MlNotebooks.Tracking;

/// <summary>A run parameter: written once, never changed.</summary>
/// <param name="Key">Parameter name.</param>
/// <param name="Value">Parameter value, as text.</param>
public sealed record Param(string Key, string Value);
