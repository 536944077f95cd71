namespace MlNotebooks.Features;

/// <summary>Where a feature store reads its definitions and keeps its state.</summary>
public sealed record FeatureStoreOptions
{
    /// <summary>The workspace: DVC-tracked sources resolve through it and lineage is logged to it. Optional.</summary>
    public Workspace? Workspace { get; init; }

    /// <summary>The folder of registry.json and the SQLite online store (default: the workspace's <c>.mlnb/features/</c>, else <c>.mlnb/features/</c> next to features.yaml).</summary>
    public string? StateDirectory { get; init; }

    /// <summary>The clock for <c>materialize-incremental</c> defaults and registry times.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
