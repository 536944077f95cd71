namespace MlNotebooks.Storage.Sql;

/// <summary>The tracking schema: MLflow's tables, plus artifact entries and run inputs.</summary>
internal static class TrackingMigrations
{
    public static IReadOnlyList<SqlMigration> Items { get; } =
    [
        new("tracking-001", """
            CREATE TABLE experiments (
                experiment_id {AUTO_PK},
                name TEXT NOT NULL UNIQUE,
                artifact_location TEXT NOT NULL,
                lifecycle_stage TEXT NOT NULL,
                creation_time BIGINT NOT NULL,
                last_update_time BIGINT NOT NULL);
            CREATE TABLE experiment_tags (
                experiment_id BIGINT NOT NULL REFERENCES experiments(experiment_id),
                key TEXT NOT NULL, value TEXT NOT NULL,
                PRIMARY KEY (experiment_id, key));
            CREATE TABLE runs (
                run_uuid TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                experiment_id BIGINT NOT NULL REFERENCES experiments(experiment_id),
                user_id TEXT NOT NULL,
                status TEXT NOT NULL,
                start_time BIGINT NOT NULL,
                end_time BIGINT,
                lifecycle_stage TEXT NOT NULL,
                artifact_uri TEXT NOT NULL);
            CREATE INDEX runs_experiment ON runs (experiment_id, start_time);
            CREATE TABLE params (
                run_uuid TEXT NOT NULL REFERENCES runs(run_uuid),
                key TEXT NOT NULL, value TEXT NOT NULL,
                PRIMARY KEY (run_uuid, key));
            CREATE TABLE tags (
                run_uuid TEXT NOT NULL REFERENCES runs(run_uuid),
                key TEXT NOT NULL, value TEXT NOT NULL,
                PRIMARY KEY (run_uuid, key));
            CREATE TABLE metrics (
                run_uuid TEXT NOT NULL,
                key TEXT NOT NULL,
                value {DOUBLE} NOT NULL,
                timestamp BIGINT NOT NULL,
                step BIGINT NOT NULL,
                is_nan INTEGER NOT NULL);
            CREATE INDEX metrics_history ON metrics (run_uuid, key, step);
            CREATE TABLE latest_metrics (
                run_uuid TEXT NOT NULL REFERENCES runs(run_uuid),
                key TEXT NOT NULL,
                value {DOUBLE} NOT NULL,
                timestamp BIGINT NOT NULL,
                step BIGINT NOT NULL,
                is_nan INTEGER NOT NULL,
                PRIMARY KEY (run_uuid, key));
            CREATE TABLE inputs (
                run_uuid TEXT NOT NULL REFERENCES runs(run_uuid),
                name TEXT NOT NULL, digest TEXT NOT NULL,
                source_type TEXT NOT NULL, source TEXT NOT NULL, context TEXT NOT NULL,
                PRIMARY KEY (run_uuid, name, digest));
            CREATE INDEX inputs_digest ON inputs (digest);
            CREATE TABLE artifacts (
                run_uuid TEXT NOT NULL REFERENCES runs(run_uuid),
                path TEXT NOT NULL, md5 TEXT NOT NULL, size BIGINT NOT NULL,
                PRIMARY KEY (run_uuid, path));
            INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)
                VALUES (0, 'Default', 'mlnb-artifacts:/0', 'active', 0, 0);
            """),
        // A metric point is its (run, key, step, timestamp, value): logging the same point again stores nothing, as
        // in MLflow's SQL store. This makes a retried batch (a client that lost the answer to a write that committed)
        // idempotent. Existing duplicates are folded first; the unique index also serves metric history.
        new("tracking-002", """
            CREATE TABLE metrics_points AS SELECT DISTINCT run_uuid, key, value, timestamp, step, is_nan FROM metrics;
            DELETE FROM metrics;
            INSERT INTO metrics (run_uuid, key, value, timestamp, step, is_nan) SELECT run_uuid, key, value, timestamp, step, is_nan FROM metrics_points;
            DROP TABLE metrics_points;
            DROP INDEX metrics_history;
            CREATE UNIQUE INDEX metrics_point ON metrics (run_uuid, key, step, timestamp, value, is_nan);
            """),
    ];
}
