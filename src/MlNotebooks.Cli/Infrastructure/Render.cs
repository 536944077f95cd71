using System.Globalization;
using System.Text.Json.Nodes;
using MlNotebooks.Tracking;
using Spectre.Console;

namespace MlNotebooks.Cli.Infrastructure;

/// <summary>Shared rendering: JSON for programs, tables for humans.</summary>
internal static class Render
{
    public static void Json(JsonNode node) => Console.Out.WriteLine(MlflowJson.Serialize(node));

    public static Table Table(params string[] columns)
    {
        var t = new Table().Border(TableBorder.Rounded);
        foreach (var c in columns) t.AddColumn(new TableColumn(c));
        return t;
    }

    public static void Write(Table table)
    {
        // Piped output has no terminal width; Spectre would assume 80 columns and wrap 32-character run ids.
        if (Console.IsOutputRedirected)
            AnsiConsole.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var w) && w > 40 ? w : 200;
        AnsiConsole.Write(table);
    }

    public static string Time(DateTimeOffset? t) => t?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "";

    public static string Number(double v) => double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? "Inf" : double.IsNegativeInfinity(v) ? "-Inf" : v.ToString("G6", CultureInfo.InvariantCulture);

    public static string Duration(RunInfo i) => i.EndTime is { } e ? $"{(e - i.StartTime).TotalSeconds:0.0}s" : "";

    public static string Esc(string? s) => Markup.Escape(s ?? "");
}
