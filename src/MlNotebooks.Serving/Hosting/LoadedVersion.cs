using MlNotebooks.Registry;
using MlNotebooks.Serving.Batching;
using MlNotebooks.Serving.Features;
using MlNotebooks.Serving.Observability;
using MlNotebooks.Serving.Runtime;

namespace MlNotebooks.Serving.Hosting;

/// <summary>
/// A model version ready to answer: its ONNX session and batcher, and a count of requests using it, so a swap can
/// retire it only once every request that picked it has its answer.
/// </summary>
internal sealed class LoadedVersion
{
    private int _inFlight;
    private volatile bool _retired;

    private LoadedVersion(OnnxModel model, DynamicBatcher batcher)
    {
        Model = model;
        Batcher = batcher;
    }

    public OnnxModel Model { get; }

    public DynamicBatcher Batcher { get; }

    public ModelVersion Version => Model.Version;

    public ModelSignature Signature => Model.Signature;

    /// <summary>The features the version's <c>serving.json</c> declares, or null.</summary>
    public ServingFeatures? Features { get; private init; }

    /// <summary>The open lookup for <see cref="Features"/>, or null.</summary>
    public IFeatureLookup? Lookup { get; private init; }

    /// <summary>Loads (hash verified), then warms the session up with one call of zeros.</summary>
    public static async Task<LoadedVersion> LoadAsync(RegistryClient registry, ModelVersion version, BatchingOptions batching, ServingMetrics metrics, IFeatureLookupFactory? lookups, CancellationToken cancellationToken)
    {
        var model = await OnnxModel.LoadAsync(registry, version, 1, cancellationToken).ConfigureAwait(false);
        IFeatureLookup? lookup = null;
        ServingFeatures? features = null;
        try
        {
            if (version.Package.File(ServingConfig.FileName) is { } file)
            {
                var where = $"{ServingConfig.FileName} of '{version.Name}' version {version.Version}";
                features = ServingConfig.Parse(await File.ReadAllTextAsync(registry.GetFilePath(file), cancellationToken).ConfigureAwait(false), where).Features;
                if (features is not null)
                    lookup = (lookups ?? throw MlnbException.Invalid($"{where} fetches features from a feature store, which this server cannot reach; serve it with `mlnb serve` (mlnb-serve has no feature store)"))
                        .Open(features, version.Name, version.Version);
            }
            var warm = model.Signature.Inputs.Select(s =>
            {
                var shape = s.Shape.Select(d => d < 0 ? 1L : d).ToArray();
                var data = Tensor.NewArray(s.Datatype, (int)shape.Aggregate(1L, (a, b) => a * b));
                if (data is string[] strings) Array.Fill(strings, "");
                return new Tensor(s.Name, s.Datatype, shape, data);
            }).ToArray();
            model.Run(warm, [.. model.Signature.Outputs.Select(o => o.Name)]);
        }
        catch
        {
            lookup?.Dispose();
            model.Dispose();
            throw;
        }
        return new LoadedVersion(model, new DynamicBatcher(model, batching, metrics)) { Features = features, Lookup = lookup };
    }

    public bool TryAcquire()
    {
        Interlocked.Increment(ref _inFlight);
        if (!_retired) return true;
        Release();
        return false;
    }

    public void Release() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Stops new requests, waits for the ones in flight, then frees the session.</summary>
    public async Task RetireAsync()
    {
        _retired = true;
        for (var i = 0; i < 3000 && Volatile.Read(ref _inFlight) > 0; i++) await Task.Delay(10).ConfigureAwait(false);
        await Batcher.DisposeAsync().ConfigureAwait(false);
        Model.Dispose();
        Lookup?.Dispose();
    }
}
