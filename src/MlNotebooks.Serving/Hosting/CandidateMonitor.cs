using System.Globalization;

namespace MlNotebooks.Serving.Hosting;

/// <summary>Watches a candidate's error rate and p99 latency over a sliding window and says when they cross the thresholds.</summary>
internal sealed class CandidateMonitor(CandidateOptions options, TimeProvider time)
{
    private readonly Queue<(DateTimeOffset At, double Seconds, bool Ok)> _window = new();
    private readonly Lock _lock = new();

    /// <summary>Records one candidate request; returns why to roll back, or null.</summary>
    public string? Record(double seconds, bool ok)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            _window.Enqueue((now, seconds, ok));
            while (_window.Count > 0 && now - _window.Peek().At > options.Window) _window.Dequeue();
            if (_window.Count < options.MinRequests) return null;
            var errors = _window.Count(w => !w.Ok);
            var rate = (double)errors / _window.Count;
            var sorted = _window.Select(w => w.Seconds).Order().ToArray();
            var p99 = sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(0.99 * sorted.Length) - 1)];
            var window = options.Window.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            if (rate > options.MaxErrorRate)
                return $"error rate {Percent(rate)} ({errors} of {_window.Count} requests in {window} s) exceeds {Percent(options.MaxErrorRate)}";
            if (p99 > options.MaxP99Latency.TotalSeconds)
                return $"p99 latency {(p99 * 1000).ToString("0.###", CultureInfo.InvariantCulture)} ms over {_window.Count} requests in {window} s exceeds {options.MaxP99Latency.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)} ms";
            return null;
        }
    }

    private static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}
