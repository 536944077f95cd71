namespace MlNotebooks.Tests.Registry;

/// <summary>The registry contract on the embedded default.</summary>
public sealed class SqliteRegistryTests : RegistryContract
{
    protected override string Backend => "sqlite";

    protected override bool Shared => false;
}

/// <summary>The registry contract on PostgreSQL (started on 127.0.0.1 by ./test.sh).</summary>
public sealed class PostgresRegistryTests : RegistryContract
{
    protected override string Backend => "postgresql";

    protected override bool Shared => true;
}
