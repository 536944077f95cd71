namespace MlNotebooks.Tracking;

/// <summary>One page of a listing and the token for the next page (null at the end).</summary>
/// <typeparam name="T">Item type.</typeparam>
/// <param name="Items">This page's items.</param>
/// <param name="NextPageToken">Pass back to get the next page; null when there is none.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextPageToken);
