namespace MlNotebooks.Storage.Sql;

/// <summary>The auth schema: users, hashed API tokens, and MLflow basic-auth's per-experiment and per-model grants.</summary>
internal static class AuthMigrations
{
    public static IReadOnlyList<SqlMigration> Items { get; } =
    [
        new("auth-001", """
            CREATE TABLE auth_users (
                name TEXT PRIMARY KEY,
                is_admin INTEGER NOT NULL,
                source TEXT NOT NULL,
                creation_time BIGINT NOT NULL);
            CREATE TABLE auth_tokens (
                id TEXT PRIMARY KEY,
                user_name TEXT NOT NULL REFERENCES auth_users(name),
                secret_sha256 TEXT NOT NULL UNIQUE,
                description TEXT NOT NULL,
                creation_time BIGINT NOT NULL,
                revoked_time BIGINT);
            CREATE INDEX auth_tokens_user ON auth_tokens (user_name);
            CREATE TABLE auth_permissions (
                kind TEXT NOT NULL,
                resource TEXT NOT NULL,
                user_name TEXT NOT NULL REFERENCES auth_users(name),
                permission TEXT NOT NULL,
                PRIMARY KEY (kind, resource, user_name));
            CREATE INDEX auth_permissions_user ON auth_permissions (user_name, kind);
            """),
    ];
}
