using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MlNotebooks.Notebooks.JupyterKernel;

/// <summary>
/// This kernel's input history (IPython's shape): one session (number 1, the running kernel), lines numbered by
/// execution count, with the plain-text output when a cell had one. Answers tail, range and glob search.
/// </summary>
internal sealed class History
{
    public const int SessionNumber = 1;
    private readonly List<(int Line, string Input, string? Output)> _entries = [];
    private readonly Lock _gate = new();

    public void Add(int line, string input)
    {
        lock (_gate) _entries.Add((line, input, null));
    }

    public void SetOutput(int line, string output)
    {
        lock (_gate)
        {
            var i = _entries.FindLastIndex(e => e.Line == line);
            if (i >= 0) _entries[i] = _entries[i] with { Output = output };
        }
    }

    public List<JsonArray> Tail(int n, bool output) => Rows(All().TakeLast(Math.Max(n, 0)), output);

    /// <summary>Lines [start, stop) of <paramref name="session"/> (0 or negative: this one); none of another session.</summary>
    public List<JsonArray> Range(int session, int start, int? stop, bool output) =>
        session is > 0 and not SessionNumber ? [] : Rows(All().Where(e => e.Line >= start && (stop is null || e.Line < stop)), output);

    /// <summary>Inputs matching a glob (<c>*</c>, <c>?</c>), the last <paramref name="n"/> when given, distinct inputs when unique.</summary>
    public List<JsonArray> Search(string pattern, int? n, bool unique, bool output)
    {
        var glob = new Regex("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$", RegexOptions.Singleline);
        var hits = All().Where(e => glob.IsMatch(e.Input)).ToList();
        if (unique) hits = [.. hits.GroupBy(e => e.Input).Select(g => g.Last()).OrderBy(e => e.Line)];
        return Rows(n is { } last ? hits.TakeLast(last) : hits, output);
    }

    private List<(int Line, string Input, string? Output)> All()
    {
        lock (_gate) return [.. _entries];
    }

    private static List<JsonArray> Rows(IEnumerable<(int Line, string Input, string? Output)> entries, bool output) =>
        [.. entries.Select(e => new JsonArray(SessionNumber, e.Line, output ? new JsonArray(e.Input, e.Output) : JsonValue.Create(e.Input)))];
}
