namespace MlNotebooks.Storage.Sql;

/// <summary>The registry schema: MLflow's registered models, versions, tags and aliases, plus alias history, gates, approvals and the audit log.</summary>
internal static class RegistryMigrations
{
    public static IReadOnlyList<SqlMigration> Items { get; } =
    [
        new("registry-001", """
            CREATE TABLE registered_models (
                name TEXT PRIMARY KEY,
                description TEXT NOT NULL,
                creation_time BIGINT NOT NULL,
                last_updated_time BIGINT NOT NULL);
            CREATE TABLE registered_model_tags (
                name TEXT NOT NULL REFERENCES registered_models(name),
                key TEXT NOT NULL, value TEXT NOT NULL,
                PRIMARY KEY (name, key));
            CREATE TABLE model_versions (
                name TEXT NOT NULL REFERENCES registered_models(name),
                version INTEGER NOT NULL,
                description TEXT NOT NULL,
                user_id TEXT NOT NULL,
                source TEXT NOT NULL,
                run_id TEXT,
                status TEXT NOT NULL,
                creation_time BIGINT NOT NULL,
                last_updated_time BIGINT NOT NULL,
                package TEXT NOT NULL,
                PRIMARY KEY (name, version));
            CREATE TABLE model_version_tags (
                name TEXT NOT NULL, version INTEGER NOT NULL,
                key TEXT NOT NULL, value TEXT NOT NULL,
                PRIMARY KEY (name, version, key),
                FOREIGN KEY (name, version) REFERENCES model_versions(name, version));
            CREATE TABLE registered_model_aliases (
                name TEXT NOT NULL REFERENCES registered_models(name),
                alias TEXT NOT NULL,
                version INTEGER NOT NULL,
                PRIMARY KEY (name, alias));
            CREATE TABLE model_alias_history (
                seq {AUTO_PK},
                name TEXT NOT NULL, alias TEXT NOT NULL, version INTEGER NOT NULL);
            CREATE INDEX model_alias_history_alias ON model_alias_history (name, alias, seq);
            CREATE TABLE model_gates (
                name TEXT NOT NULL REFERENCES registered_models(name),
                alias TEXT NOT NULL,
                gates TEXT NOT NULL,
                PRIMARY KEY (name, alias));
            CREATE TABLE model_approvals (
                seq {AUTO_PK},
                name TEXT NOT NULL, version INTEGER NOT NULL, alias TEXT NOT NULL,
                actor TEXT NOT NULL, approved INTEGER NOT NULL, time BIGINT NOT NULL, comment TEXT NOT NULL);
            CREATE INDEX model_approvals_version ON model_approvals (name, version, alias);
            CREATE TABLE model_audit (
                id {AUTO_PK},
                name TEXT NOT NULL, action TEXT NOT NULL, alias TEXT, version INTEGER, previous_version INTEGER,
                actor TEXT NOT NULL, time BIGINT NOT NULL, reason TEXT NOT NULL);
            CREATE INDEX model_audit_name ON model_audit (name, id);
            """),
    ];
}
