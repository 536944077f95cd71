using System.Globalization;
using System.Net;
using Microsoft.DotNet.Interactive.Formatting;
using MlNotebooks.Data;

namespace MlNotebooks.Interactive.Formatting;

/// <summary>What a cell's progress display shows at one moment of a data operation.</summary>
/// <param name="Title">The magic's subcommand (<c>add</c>, <c>push</c>, …).</param>
/// <param name="State"><c>running</c>, <c>done</c> or <c>failed</c>.</param>
/// <param name="Progress">The core's latest report (null before the first).</param>
/// <param name="Elapsed">Time since the current operation started (for MB/s).</param>
internal sealed record DataProgressView(string Title, string State, DataProgress? Progress, TimeSpan Elapsed)
{
    private const double MiB = 1048576.0;

    /// <summary>Registers the HTML (a progress bar and a line) and plain-text formatters.</summary>
    public static void Register()
    {
        Formatter.Register<DataProgressView>((v, w) => w.Write(v.Html()), "text/html");
        Formatter.Register<DataProgressView>((v, w) => w.Write(v.Text()), "text/plain");
    }

    /// <summary>One line: <c>add: hashing 120/2681 files, 512.0/1024.0 MiB, 230.5 MiB/s — running</c>.</summary>
    public string Text() => $"{Title}: {Detail()} — {State}";

    private string Html()
    {
        var (value, max) = Progress is null ? (State == "running" ? 0 : 1, 1)
            : Progress.TotalBytes > 0 ? (Progress.DoneBytes, Progress.TotalBytes) : (Progress.DoneFiles, Math.Max(1, Progress.TotalFiles));
        return $"<div class=\"mlnb\" style=\"font-family:monospace\"><b>{WebUtility.HtmlEncode(Title)}</b> <progress value=\"{value}\" max=\"{max}\"></progress> "
            + $"{WebUtility.HtmlEncode(Detail())} — {State}</div>";
    }

    private string Detail()
    {
        if (Progress is not { } p) return State == "running" ? "starting" : "no files to process";
        var bytes = p.TotalBytes > 0 ? $"{F(p.DoneBytes / MiB)}/{F(p.TotalBytes / MiB)} MiB" : $"{F(p.DoneBytes / MiB)} MiB";
        var rate = Elapsed.TotalSeconds > 0 ? $", {F(p.DoneBytes / MiB / Elapsed.TotalSeconds)} MiB/s" : "";
        var operation = p.Operation == Title ? "" : p.Operation + " "; // pull: fetch, then checkout
        return $"{operation}{p.DoneFiles}/{p.TotalFiles} files, {bytes}{rate}";
    }

    private static string F(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
}
