namespace MlNotebooks.Tracking;

/// <summary>A dataset version a run read: the link that lineage follows (MLflow's DatasetInput).</summary>
/// <param name="Name">Dataset name (e.g. the tracked path <c>data/breast_cancer.csv</c>).</param>
/// <param name="Digest">Content digest of the version read (e.g. the DVC md5).</param>
/// <param name="SourceType">Where it came from (<c>local</c>, <c>dvc</c>, <c>s3</c>, ...).</param>
/// <param name="Source">Location within that source.</param>
/// <param name="Context">How the run used it (<c>training</c>, <c>validation</c>, ...), or empty.</param>
public sealed record DatasetInput(string Name, string Digest, string SourceType = "local", string Source = "", string Context = "");
