using MlNotebooks.Serving.Batching;
using MlNotebooks.Serving.Features;

namespace MlNotebooks.Serving.Hosting;

/// <summary>What a model server serves and how.</summary>
public sealed record ModelServerOptions
{
    /// <summary>Model URIs (<c>models:/NAME@ALIAS</c> or <c>models:/NAME/VERSION</c>), one per served model name.</summary>
    public required IReadOnlyList<string> Models { get; init; }

    /// <summary>Address to listen on.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Port; 0 picks a free one.</summary>
    public int Port { get; init; } = 8080;

    /// <summary>Dynamic batching.</summary>
    public BatchingOptions Batching { get; init; } = new();

    /// <summary>How often aliases are checked for a move (hot swap).</summary>
    public TimeSpan AliasPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A canary or shadow version beside one of the models, or null.</summary>
    public CandidateOptions? Candidate { get; init; }

    /// <summary>Recording of sampled requests (and drift gauges), or null for none.</summary>
    public RecordingOptions? Recording { get; init; }

    /// <summary>
    /// Opens the feature lookups that models' <c>serving.json</c> declare (the feature store's online store), or null:
    /// a model that declares features is then refused at load.
    /// </summary>
    public IFeatureLookupFactory? FeatureLookups { get; init; }

    /// <summary>The clock for rollback windows.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where the server writes one line per notable event (swaps, refusals, rollbacks).</summary>
    public Action<string> Log { get; init; } = line => Console.Error.WriteLine(line);
}
