namespace MlNotebooks.Auth;

/// <summary>A user of a shared server.</summary>
/// <param name="Name">Unique name; the actor in audit entries and registry roles.</param>
/// <param name="IsAdmin">Admins bypass every permission check.</param>
/// <param name="Source">Where the user came from: <c>local</c> (added with <c>mlnb server users add</c>) or <c>hub</c> (first seen through JupyterHub).</param>
/// <param name="CreationTime">When the user was added.</param>
public sealed record AuthUser(string Name, bool IsAdmin, string Source, DateTimeOffset CreationTime);
