namespace MlNotebooks.Storage.Sql;

/// <summary>
/// One schema change. Ids are unique strings per capability ("tracking-001", "registry-001") so capabilities add
/// their own migrations without renumbering anyone's; a store records which ids it has applied.
/// The SQL may use the tokens <c>{AUTO_PK}</c> (an auto-increment integer primary key) and <c>{DOUBLE}</c>.
/// </summary>
internal sealed record SqlMigration(string Id, string Sql);
