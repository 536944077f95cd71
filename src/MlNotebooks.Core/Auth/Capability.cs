namespace MlNotebooks.Auth;

/// <summary>What a request needs on the resource it concerns (MLflow's <c>can_read</c> … <c>can_manage</c>).</summary>
public enum Capability
{
    /// <summary>Any authenticated user may do it (create, search).</summary>
    None,
    /// <summary><c>can_read</c>.</summary>
    Read,
    /// <summary><c>can_update</c>.</summary>
    Update,
    /// <summary><c>can_delete</c>.</summary>
    Delete,
    /// <summary><c>can_manage</c>.</summary>
    Manage,
}
