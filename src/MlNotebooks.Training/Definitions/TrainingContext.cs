using System.Globalization;
using MlNotebooks.Training.Data;

namespace MlNotebooks.Training.Definitions;

/// <summary>
/// What a training definition sees: the <c>--param k=v</c> values, the data file and the device asked for. A C#
/// definition file is a script run with this object as its globals; it returns a <see cref="TrainingJob"/>.
/// </summary>
public sealed class TrainingContext(IReadOnlyDictionary<string, string> parameters, string? dataPath, string device)
{
    /// <summary>The <c>--param</c> values (a sweep's trial values among them).</summary>
    public IReadOnlyDictionary<string, string> Params { get; } = parameters;

    /// <summary>The <c>--data</c> file, if given.</summary>
    public string? DataPath { get; } = dataPath;

    /// <summary>The <c>--device</c> value.</summary>
    public string Device { get; } = device;

    /// <summary>A param as <typeparamref name="T"/>, or <paramref name="fallback"/> when not given; a bad value fails naming it.</summary>
    public T P<T>(string name, T fallback) where T : IParsable<T>
    {
        if (!Params.TryGetValue(name, out var s)) return fallback;
        return T.TryParse(s, CultureInfo.InvariantCulture, out var v) ? v
            : throw MlnbException.Invalid($"--param {name}={s} is not a valid {typeof(T).Name}");
    }

    /// <summary>Loads <see cref="DataPath"/> (or <paramref name="fallback"/> when no --data was given): CSV or Parquet, see <see cref="TabularData.Load"/>.</summary>
    public TabularData Data(string? fallback = null) =>
        TabularData.Load(DataPath ?? fallback ?? throw MlnbException.Invalid("this definition needs data: pass --data PATH"));
}
