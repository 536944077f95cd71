namespace MlNotebooks.Storage.Sql;

/// <summary>Every capability's migrations, in the order they are applied.</summary>
internal static class SqlMigrations
{
    public static IReadOnlyList<SqlMigration> All { get; } = [.. TrackingMigrations.Items, .. RegistryMigrations.Items, .. AuthMigrations.Items];
}
