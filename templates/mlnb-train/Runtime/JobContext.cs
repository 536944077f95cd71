using System.Diagnostics;
using System.Globalization;
using YamlDotNet.Serialization;

namespace MlNotebooks.Job;

/// <summary>
/// The job's run: its parameters (from <c>--NAME VALUE</c> or <c>NAME=VALUE</c> arguments, then <c>MLNB_PARAM_NAME</c>
/// in the environment, then <c>--params FILE.yaml</c>, then the notebook's default), its steps, and a heartbeat file
/// the container's HEALTHCHECK reads. A failure ends the active runs as FAILED and exits non-zero with one line.
/// </summary>
public sealed class JobContext
{
    private readonly Dictionary<string, string> _given;
    private readonly Dictionary<string, string> _file;
    private readonly HashSet<string> _declared = new(StringComparer.Ordinal);
    private readonly Stopwatch _total = Stopwatch.StartNew();
    private readonly Stopwatch _step = new();
    private readonly Timer _heartbeat;
    private string? _current;

    private JobContext(Dictionary<string, string> given, Dictionary<string, string> file)
    {
        _given = given;
        _file = file;
        var beat = Environment.GetEnvironmentVariable("MLNB_HEARTBEAT_FILE") ?? Path.Combine(Path.GetTempPath(), "mlnb-job.heartbeat");
        _heartbeat = new Timer(_ => { try { File.WriteAllText(beat, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)); } catch (IOException) { } }, null, TimeSpan.Zero, TimeSpan.FromSeconds(15));
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            Console.Error.WriteLine($"error: step '{_current}' failed: {(e.ExceptionObject as Exception)?.Message}");
            Track.EndAll(MlNotebooks.Tracking.RunStatus.Failed);
            Environment.Exit(1);
        };
    }

    /// <summary>Reads the job's arguments; <c>--help</c> prints them.</summary>
    public static JobContext Start(string[] args)
    {
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        string? file = null;
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a is "--params" or "-f") { file = i + 1 < args.Length ? args[++i] : throw Usage("--params needs a YAML file"); continue; }
            if (a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2)
            {
                var eq = a.IndexOf('=');
                if (eq > 0) given[a[2..eq]] = a[(eq + 1)..];
                else given[a[2..]] = i + 1 < args.Length ? args[++i] : throw Usage($"{a} needs a value");
                continue;
            }
            if (a.IndexOf('=') is var e and > 0) { given[a[..e]] = a[(e + 1)..]; continue; }
            throw Usage($"unexpected argument '{a}'");
        }
        var fromFile = new Dictionary<string, string>(StringComparer.Ordinal);
        if (file is not null)
        {
            if (!File.Exists(file)) throw Usage($"parameters file '{file}' does not exist");
            var yaml = new DeserializerBuilder().Build().Deserialize<Dictionary<string, string>>(File.ReadAllText(file)) ?? [];
            foreach (var (k, v) in yaml) fromFile[k] = v;
        }
        return new JobContext(given, fromFile);
    }

    /// <summary>A parameter's value: argument, then environment, then parameters file, then <paramref name="default"/>.</summary>
    public T Param<T>(string name, T @default)
    {
        _declared.Add(name);
        var env = Environment.GetEnvironmentVariable("MLNB_PARAM_" + name.ToUpperInvariant());
        var text = _given.TryGetValue(name, out var g) ? g : env ?? (_file.TryGetValue(name, out var f) ? f : null);
        if (text is null) return @default;
        try
        {
            object value = typeof(T) == typeof(bool) ? bool.Parse(text) : typeof(T) == typeof(string) ? text : Convert.ChangeType(text, typeof(T), CultureInfo.InvariantCulture);
            Console.WriteLine($"parameter {name} = {text}");
            return (T)value;
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
        {
            throw Usage($"parameter '{name}' = '{text}' is not a valid {typeof(T).Name} (the type of its default {@default})");
        }
    }

    /// <summary>Starts a step (the notebook's <c>step:NAME</c>); prints when the previous one ended.</summary>
    public void Step(string name)
    {
        EndStep();
        _current = name;
        _step.Restart();
        Console.WriteLine($"== step {name}");
    }

    /// <summary>Ends the job: the last step, every run still active (FINISHED), the heartbeat.</summary>
    public void Finish()
    {
        EndStep();
        var unknown = _given.Keys.Concat(_file.Keys).Distinct().Where(k => !_declared.Contains(k)).ToList();
        if (unknown.Count > 0) Console.Error.WriteLine($"warning: unknown parameter(s) {string.Join(", ", unknown)}; the job's parameters are {string.Join(", ", _declared)}");
        Track.EndAll(MlNotebooks.Tracking.RunStatus.Finished);
        _heartbeat.Dispose();
        Console.WriteLine($"== job finished in {_total.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} s");
    }

    private void EndStep()
    {
        if (_current is null) return;
        Track.FlushAll();
        Console.WriteLine($"== step {_current} done in {_step.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} s");
        _current = null;
    }

    private static InvalidOperationException Usage(string message)
    {
        Console.Error.WriteLine("error: " + message + "; usage: dotnet run -- [--params FILE.yaml] [--NAME VALUE | NAME=VALUE ...]");
        Environment.Exit(2);
        return new InvalidOperationException(message);
    }
}
