namespace MlNotebooks.Registry;

/// <summary>A registered model: a name that versions, aliases, gates and the audit log hang off.</summary>
/// <param name="Name">Unique name.</param>
/// <param name="CreationTime">When it was created.</param>
/// <param name="LastUpdatedTime">Last change.</param>
/// <param name="Description">Free text.</param>
/// <param name="Tags">Tags.</param>
/// <param name="Aliases">Alias → version.</param>
/// <param name="LatestVersion">Highest version number, 0 when none.</param>
public sealed record RegisteredModel(
    string Name,
    DateTimeOffset CreationTime,
    DateTimeOffset LastUpdatedTime,
    string Description,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, int> Aliases,
    int LatestVersion);
