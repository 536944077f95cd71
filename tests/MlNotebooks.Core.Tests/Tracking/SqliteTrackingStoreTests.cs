namespace MlNotebooks.Tests.Tracking;

/// <summary>The contract on the embedded default.</summary>
public sealed class SqliteTrackingStoreTests : TrackingStoreContract
{
    protected override string Backend => "sqlite";
}
