namespace MlNotebooks.Storage;

/// <summary>The address of a blob in a <see cref="ContentStore"/>: its MD5 (as DVC addresses content) and size.</summary>
/// <param name="Md5">32 lowercase hex characters.</param>
/// <param name="Size">Bytes.</param>
public sealed record ContentRef(string Md5, long Size);
