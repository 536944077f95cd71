namespace MlNotebooks.Registry;

/// <summary>Who acts, which roles exist, which aliases are protected, and the clock.</summary>
public sealed record RegistryOptions
{
    /// <summary>The acting user, written to the audit log.</summary>
    public string User { get; init; } = Environment.UserName;

    /// <summary>Role membership.</summary>
    public RegistryRoles Roles { get; init; } = RegistryRoles.Everyone;

    /// <summary>Aliases that only a <see cref="RegistryRoles.Promoter"/> may move.</summary>
    public IReadOnlyList<string> ProtectedAliases { get; init; } = ["production"];

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
