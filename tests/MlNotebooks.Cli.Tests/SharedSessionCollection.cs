namespace MlNotebooks.Cli.Tests;

/// <summary>
/// Test classes that drive the kernel extension's one-per-process <c>TrackingSession.Shared</c> (its workspace, its run
/// stack) run one class at a time: in parallel, one class's fixture would point the session at another's project.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedSessionCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "TrackingSession.Shared";
}
