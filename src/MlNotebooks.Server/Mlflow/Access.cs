namespace MlNotebooks.Server.Mlflow;

/// <summary>
/// What a route needs from the caller, declared on its row of the route table and enforced by the auth middleware
/// when the server runs with <c>--auth</c>: a scope, the permission needed on the resource, and the request field
/// (query argument, JSON body member, or the <c>path</c> route value for the artifact proxy) naming that resource.
/// </summary>
/// <param name="Scope">What is checked.</param>
/// <param name="Permission">The level needed on the resource (NoPermissions for Public/Authenticated/Admin).</param>
/// <param name="Field">The request field holding the resource's id or name; null when the scope names no resource.</param>
public sealed record Access(AccessScope Scope, Permission Permission, string? Field)
{
    /// <summary>Anyone.</summary>
    public static Access Public { get; } = new(AccessScope.Public, Permission.NoPermissions, null);

    /// <summary>Any authenticated user.</summary>
    public static Access Authenticated { get; } = new(AccessScope.Authenticated, Permission.NoPermissions, null);

    /// <summary>Administrators only.</summary>
    public static Access Admin { get; } = new(AccessScope.Admin, Permission.NoPermissions, null);

    /// <summary>A permission on the experiment whose id is in <paramref name="field"/>.</summary>
    public static Access Experiment(Permission permission, string field = "experiment_id") => new(AccessScope.ExperimentId, permission, field);

    /// <summary>A permission on the experiment named in <paramref name="field"/>.</summary>
    public static Access ExperimentByName(Permission permission, string field = "experiment_name") => new(AccessScope.ExperimentName, permission, field);

    /// <summary>A permission on the experiment owning the run whose id is in <paramref name="field"/>.</summary>
    public static Access Run(Permission permission, string field = "run_id") => new(AccessScope.RunId, permission, field);

    /// <summary>A permission on the experiment owning the run an artifact proxy path points into.</summary>
    public static Access ArtifactPath(Permission permission, string field = "path") => new(AccessScope.ArtifactPath, permission, field);

    /// <summary>A permission on the registered model named in <paramref name="field"/>.</summary>
    public static Access Model(Permission permission, string field = "name") => new(AccessScope.RegisteredModelName, permission, field);

    /// <inheritdoc />
    public override string ToString() => Field is null ? Scope.ToString() : $"{Permission} on {Scope} '{Field}'";
}
