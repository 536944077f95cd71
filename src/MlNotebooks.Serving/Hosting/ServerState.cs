using MlNotebooks.Registry;
using MlNotebooks.Serving.Observability;

namespace MlNotebooks.Serving.Hosting;

/// <summary>What the endpoints share: the served models, the registry and the metrics.</summary>
internal sealed class ServerState(RegistryClient registry, ServingMetrics metrics, ModelServerOptions options)
{
    public Dictionary<string, ServedModel> Models { get; } = new(StringComparer.Ordinal);

    public RegistryClient Registry => registry;

    public ServingMetrics Metrics => metrics;

    public ModelServerOptions Options => options;

    public ServedModel Find(string name) => Models.GetValueOrDefault(name)
        ?? throw MlnbException.NotFound($"model '{name}' is not served here; this server serves {string.Join(", ", Models.Keys)}");

    /// <summary>The model <c>/invocations</c> answers for: the first one served.</summary>
    public ServedModel Default => Models.Values.First();
}
