namespace MlNotebooks.Auth;

/// <summary>The permission of users with no grant on a resource, and the clock.</summary>
public sealed record AuthOptions
{
    /// <summary>The environment variable naming the default permission (READ when unset, as in MLflow).</summary>
    public const string DefaultPermissionVariable = "MLNB_AUTH_DEFAULT_PERMISSION";

    /// <summary>What a user may do on a resource nobody granted them anything on (MLflow's <c>default_permission</c>, READ).</summary>
    public Permission DefaultPermission { get; init; } = Permission.Read;

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
