namespace MlNotebooks.Auth;

/// <summary>
/// What a user may do with one experiment or registered model: MLflow basic-auth's permissions, as data.
/// <see cref="Read"/> reads, <see cref="Edit"/> also updates, <see cref="Manage"/> also deletes and grants,
/// <see cref="NoPermissions"/> does nothing.
/// </summary>
/// <param name="Name">MLflow's name: READ, EDIT, MANAGE or NO_PERMISSIONS.</param>
/// <param name="CanRead">May read the resource.</param>
/// <param name="CanUpdate">May change it (log to an experiment's runs, tag, register a version).</param>
/// <param name="CanDelete">May delete or restore it.</param>
/// <param name="CanManage">May grant and revoke other users' permissions on it.</param>
public sealed record Permission(string Name, bool CanRead, bool CanUpdate, bool CanDelete, bool CanManage)
{
    /// <summary>Read only.</summary>
    public static Permission Read { get; } = new("READ", true, false, false, false);

    /// <summary>Read and update.</summary>
    public static Permission Edit { get; } = new("EDIT", true, true, false, false);

    /// <summary>Everything, including granting permissions to others.</summary>
    public static Permission Manage { get; } = new("MANAGE", true, true, true, true);

    /// <summary>Nothing.</summary>
    public static Permission NoPermissions { get; } = new("NO_PERMISSIONS", false, false, false, false);

    /// <summary>Every permission, weakest first.</summary>
    public static IReadOnlyList<Permission> All { get; } = [NoPermissions, Read, Edit, Manage];

    /// <summary>Parses READ, EDIT, MANAGE or NO_PERMISSIONS (case-insensitive); fails naming the valid ones.</summary>
    public static Permission Parse(string? name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw MlnbException.Invalid($"permission '{name}' is not valid; use one of {string.Join(", ", All.Select(p => p.Name))}");

    /// <summary>True when this permission allows <paramref name="need"/>.</summary>
    public bool Allows(Capability need) => need switch
    {
        Capability.Read => CanRead,
        Capability.Update => CanUpdate,
        Capability.Delete => CanDelete,
        Capability.Manage => CanManage,
        _ => true,
    };

    /// <inheritdoc />
    public override string ToString() => Name;
}
