namespace MlNotebooks.Auth;

/// <summary>An API token as stored: its id, owner and state, never the secret (only its SHA-256 is kept).</summary>
/// <param name="Id">Short public id, used to revoke it.</param>
/// <param name="UserName">Owner.</param>
/// <param name="Description">Free text (what it is for).</param>
/// <param name="CreationTime">When it was issued.</param>
/// <param name="RevokedTime">When it was revoked, or null while valid.</param>
public sealed record ApiToken(string Id, string UserName, string Description, DateTimeOffset CreationTime, DateTimeOffset? RevokedTime);
