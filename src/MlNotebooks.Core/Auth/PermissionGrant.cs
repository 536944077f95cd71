namespace MlNotebooks.Auth;

/// <summary>A permission granted to a user on one resource.</summary>
/// <param name="Kind">Experiment or registered model.</param>
/// <param name="Resource">Experiment id or model name.</param>
/// <param name="UserName">Grantee.</param>
/// <param name="Permission">What they may do.</param>
public sealed record PermissionGrant(ResourceKind Kind, string Resource, string UserName, Permission Permission);
