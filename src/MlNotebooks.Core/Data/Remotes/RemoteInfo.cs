namespace MlNotebooks.Data.Remotes;

/// <summary>A configured remote as <c>.dvc/config</c> records it.</summary>
/// <param name="Name">The remote's name.</param>
/// <param name="Url">Its URL: a folder, or <c>s3://bucket/prefix</c>.</param>
/// <param name="IsDefault">True when it is <c>core.remote</c>.</param>
/// <param name="Options">Other settings (endpointurl, region, …); secrets are not included.</param>
public sealed record RemoteInfo(string Name, string Url, bool IsDefault, IReadOnlyDictionary<string, string> Options);

/// <summary>What a push or fetch moved.</summary>
/// <param name="Transferred">Objects copied.</param>
/// <param name="AlreadyThere">Objects the other side already had.</param>
/// <param name="Bytes">Bytes copied.</param>
/// <param name="MissingLocally">Objects a push could not send because the cache lacks them.</param>
public sealed record TransferResult(int Transferred, int AlreadyThere, long Bytes, int MissingLocally = 0);
