namespace MlNotebooks.Registry;

/// <summary>
/// Who holds which registry role. <see cref="Promoter"/> may move a protected alias (production by default),
/// <see cref="Approver"/> may approve or reject versions for one. On the embedded default the local user holds
/// every role; on a shared store the roles come from configuration (<c>MLNB_REGISTRY_ROLES</c>).
/// </summary>
public sealed class RegistryRoles
{
    /// <summary>The role that moves protected aliases.</summary>
    public const string Promoter = "promoter";

    /// <summary>The role that approves and rejects.</summary>
    public const string Approver = "approver";

    /// <summary>The environment variable with roles: <c>promoter=alice,bob;approver=carol</c>.</summary>
    public const string Variable = "MLNB_REGISTRY_ROLES";

    private readonly IReadOnlyDictionary<string, HashSet<string>>? _members;

    private RegistryRoles(IReadOnlyDictionary<string, HashSet<string>>? members) => _members = members;

    /// <summary>Everyone holds every role (the embedded default).</summary>
    public static RegistryRoles Everyone { get; } = new(null);

    /// <summary>Roles from a map of role → users.</summary>
    public static RegistryRoles FromMap(IReadOnlyDictionary<string, IReadOnlyList<string>> map) =>
        new(map.ToDictionary(kv => kv.Key, kv => kv.Value.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal));

    /// <summary>Parses <c>promoter=alice,bob;approver=carol</c>; an empty text grants no role to anyone.</summary>
    public static RegistryRoles Parse(string? text)
    {
        var map = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var part in (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw MlnbException.Invalid($"{Variable} entry '{part}' is not ROLE=user1,user2; e.g. promoter=alice,bob;approver=carol");
            map[part[..eq].Trim()] = part[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        return FromMap(map);
    }

    /// <summary>True when <paramref name="user"/> holds <paramref name="role"/>.</summary>
    public bool Has(string user, string role) => _members is null || (_members.TryGetValue(role, out var users) && users.Contains(user));
}
