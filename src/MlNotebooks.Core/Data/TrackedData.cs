namespace MlNotebooks.Data;

/// <summary>A tracked output together with the pointer file that records it.</summary>
/// <param name="PointerFile">The <c>.dvc</c> file (or <c>dvc.lock</c>), relative to the workspace root.</param>
/// <param name="WorkspacePath">The output's path relative to the workspace root, with <c>/</c> separators.</param>
/// <param name="Output">What the pointer file records.</param>
public sealed record TrackedData(string PointerFile, string WorkspacePath, DataOutput Output);
