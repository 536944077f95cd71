using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using MlNotebooks.Training.Data;

namespace MlNotebooks.Training.Definitions;

/// <summary>
/// What a training definition sees: the <c>--param k=v</c> values, the data file, the label/feature/task choices and
/// the device asked for. A C# definition file is a script run with this object as its globals; it returns a
/// <see cref="TrainingJob"/>. The params a definition reads are remembered, so a param nobody reads is an error.
/// </summary>
public sealed class TrainingContext(IReadOnlyDictionary<string, string> parameters, string? dataPath, string device, TabularOptions? tabular = null)
{
    private readonly ReadParams _params = new(parameters);

    /// <summary>The <c>--param</c> values (a sweep's trial values among them).</summary>
    public IReadOnlyDictionary<string, string> Params => _params;

    /// <summary>The <c>--data</c> file, if given.</summary>
    public string? DataPath { get; } = dataPath;

    /// <summary>The <c>--device</c> value.</summary>
    public string Device { get; } = device;

    /// <summary>The <c>--label</c>, <c>--features</c> and <c>--task</c> choices <see cref="Data"/> applies.</summary>
    public TabularOptions Tabular { get; } = tabular ?? new TabularOptions();

    /// <summary>The param names the definition asked for (read or looked up), so far.</summary>
    public IReadOnlyCollection<string> ParamsAsked => _params.Asked;

    /// <summary>A param as <typeparamref name="T"/>, or <paramref name="fallback"/> when not given; a bad value fails naming it.</summary>
    public T P<T>(string name, T fallback) where T : IParsable<T>
    {
        if (!Params.TryGetValue(name, out var s)) return fallback;
        return T.TryParse(s, CultureInfo.InvariantCulture, out var v) ? v
            : throw MlnbException.Invalid($"--param {name}={s} is not a valid {typeof(T).Name}");
    }

    /// <summary>
    /// Loads <see cref="DataPath"/> (or <paramref name="fallback"/> when no --data was given) with <see cref="Tabular"/>:
    /// CSV or Parquet, see <see cref="TabularData.Load"/>.
    /// </summary>
    public TabularData Data(string? fallback = null) =>
        TabularData.Load(DataPath ?? fallback ?? throw MlnbException.Invalid("this definition needs data: pass --data PATH"), Tabular);

    /// <summary>A read-only view of the params that records which names were asked for.</summary>
    private sealed class ReadParams(IReadOnlyDictionary<string, string> inner) : IReadOnlyDictionary<string, string>
    {
        public HashSet<string> Asked { get; } = new(StringComparer.Ordinal);

        public string this[string key] { get { Asked.Add(key); return inner[key]; } }

        public IEnumerable<string> Keys => inner.Keys;

        public IEnumerable<string> Values => inner.Values;

        public int Count => inner.Count;

        public bool ContainsKey(string key) { Asked.Add(key); return inner.ContainsKey(key); }

        public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value) { Asked.Add(key); return inner.TryGetValue(key, out value); }

        public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
        {
            Asked.UnionWith(inner.Keys); // a definition that walks the params takes them all
            return inner.GetEnumerator();
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
