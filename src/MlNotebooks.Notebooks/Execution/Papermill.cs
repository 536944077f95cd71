using System.Globalization;
using System.Text.Json.Nodes;
using MlNotebooks.Notebooks.Documents;

namespace MlNotebooks.Notebooks.Execution;

/// <summary>papermill's metadata and error-marker cells, with papermill's field names and tags.</summary>
internal static class Papermill
{
    public const string ErrorCellTag = "papermill-error-cell-tag";
    private const string Style = "color:red; font-family:Helvetica Neue, Helvetica, Arial, sans-serif; font-size:2em;";

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    public static void Pending(JsonObject cell) => cell.CellMetadata()["papermill"] = new JsonObject
    {
        ["duration"] = null, ["end_time"] = null, ["exception"] = null, ["start_time"] = null, ["status"] = "pending",
    };

    public static void Finished(JsonObject cell, DateTimeOffset start, DateTimeOffset end, bool failed) => cell.CellMetadata()["papermill"] = new JsonObject
    {
        ["duration"] = Math.Round((end - start).TotalSeconds, 6),
        ["end_time"] = Time(end),
        ["exception"] = failed,
        ["start_time"] = Time(start),
        ["status"] = failed ? "failed" : "completed",
    };

    public static bool IsErrorMarker(JsonObject cell) => cell.Tags().Contains(ErrorCellTag);

    /// <summary>The marker at the top, pointing at the failed cell; and the anchor just before that cell.</summary>
    public static (JsonObject Top, JsonObject Anchor) ErrorMarkers(int executionCount, int cellIndex)
    {
        var top = CellExtensions.NewMarkdown(
            $"<span style=\"{Style}\">An Exception was encountered at '<a href=\"#papermill-error-cell\">In [{executionCount}]</a>' (cell {cellIndex}).</span>", ErrorCellTag);
        var anchor = CellExtensions.NewMarkdown(
            $"<span id=\"papermill-error-cell\" style=\"{Style}\">Execution using mlnb encountered an exception here and stopped:</span>", ErrorCellTag);
        return (top, anchor);
    }
}
