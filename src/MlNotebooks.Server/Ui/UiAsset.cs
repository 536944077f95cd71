namespace MlNotebooks.Server.Ui;

/// <summary>One file of the web UI, held in memory with its compressed forms.</summary>
/// <param name="Path">URL path under <c>/ui/</c>, e.g. <c>app.js</c>.</param>
/// <param name="ContentType">MIME type with charset where it is text.</param>
/// <param name="Raw">The bytes as shipped.</param>
/// <param name="Gzip">Gzip-compressed bytes, or null when compressing does not pay.</param>
/// <param name="Brotli">Brotli-compressed bytes, or null when compressing does not pay.</param>
/// <param name="ETag">A strong validator derived from the content.</param>
/// <param name="Immutable">True for versioned vendor files that may be cached for a year.</param>
internal sealed record UiAsset(string Path, string ContentType, byte[] Raw, byte[]? Gzip, byte[]? Brotli, string ETag, bool Immutable);
