namespace MlNotebooks.Tests.Tracking;

/// <summary>The contract on PostgreSQL (started on 127.0.0.1 by ./test.sh).</summary>
public sealed class PostgresTrackingStoreTests : TrackingStoreContract
{
    protected override string Backend => "postgresql";
}
