namespace MlNotebooks.Data;

/// <summary>Progress of a long data operation (add, checkout, push, pull), reported through <see cref="IProgress{T}"/>.</summary>
/// <param name="Operation">What is running (<c>hashing</c>, <c>checkout</c>, <c>push</c>, <c>fetch</c>).</param>
/// <param name="DoneBytes">Bytes processed so far.</param>
/// <param name="TotalBytes">Bytes to process in all.</param>
/// <param name="DoneFiles">Files processed so far.</param>
/// <param name="TotalFiles">Files to process in all.</param>
public sealed record DataProgress(string Operation, long DoneBytes, long TotalBytes, int DoneFiles, int TotalFiles);
