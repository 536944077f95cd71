using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlNotebooks.Tests.Monitoring;

/// <summary>Runs scipy_reference.py with Debian's /usr/bin/python3 (python3-scipy) on a batch of cases.</summary>
internal static class ScipyReference
{
    public sealed record Case(string Test, double[]? RefNumbers, double[]? CurNumbers, string[]? RefLabels = null, string[]? CurLabels = null);

    public static double[][] Compute(IReadOnlyList<Case> cases)
    {
        var arr = new JsonArray();
        foreach (var c in cases)
        {
            var o = new JsonObject { ["test"] = c.Test, ["numeric"] = c.RefNumbers is not null };
            o["ref"] = c.RefNumbers is not null ? new JsonArray(c.RefNumbers.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()) : new JsonArray(c.RefLabels!.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
            o["cur"] = c.CurNumbers is not null ? new JsonArray(c.CurNumbers.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()) : new JsonArray(c.CurLabels!.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
            arr.Add(o);
        }
        var script = Path.Combine(AppContext.BaseDirectory, "Monitoring", "scipy_reference.py");
        var psi = new ProcessStartInfo("/usr/bin/python3", [script]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdoutTask = p.StandardOutput.ReadToEndAsync();
        var stderrTask = p.StandardError.ReadToEndAsync();
        p.StandardInput.Write(arr.ToJsonString());
        p.StandardInput.Close();
        p.WaitForExit();
        var stdout = stdoutTask.Result;
        if (p.ExitCode != 0) throw new InvalidOperationException("scipy_reference.py failed (is python3-scipy installed? scripts/deps/apt-monitoring.txt): " + stderrTask.Result);
        var rows = JsonSerializer.Deserialize<string[][]>(stdout)!;
        return rows.Select(r => r.Select(Parse).ToArray()).ToArray();
    }

    private static double Parse(string s) => s switch
    {
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" => double.NaN,
        _ => double.Parse(s, CultureInfo.InvariantCulture),
    };
}
