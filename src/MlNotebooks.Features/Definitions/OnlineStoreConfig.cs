namespace MlNotebooks.Features;

/// <summary>Where materialized values go (Feast's <c>online_store</c>): <c>sqlite</c> (embedded default) or <c>redis</c>.</summary>
/// <param name="Type"><c>sqlite</c> or <c>redis</c>.</param>
/// <param name="Path">SQLite: the database file (default: the workspace's <c>.mlnb/features/online.db</c>).</param>
/// <param name="ConnectionString">Redis: <c>host:port</c>, e.g. <c>127.0.0.1:6379</c>.</param>
public sealed record OnlineStoreConfig(string Type = "sqlite", string? Path = null, string? ConnectionString = null);
