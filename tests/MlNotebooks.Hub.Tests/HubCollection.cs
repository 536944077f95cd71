using MlNotebooks.Hub.Tests.Support;

namespace MlNotebooks.Hub.Tests;

/// <summary>The test classes that share one real hub (its users, processes and state), run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class HubCollection : ICollectionFixture<HubFixture>
{
    public const string Name = "hub";
}
