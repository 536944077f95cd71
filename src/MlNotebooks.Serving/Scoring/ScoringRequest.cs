using System.Globalization;
using System.Text.Json;
using MlNotebooks.Data;
using MlNotebooks.Registry;
using MlNotebooks.Serving.Protocol;
using MlNotebooks.Serving.Runtime;

namespace MlNotebooks.Serving.Scoring;

/// <summary>
/// MLflow's scoring-server input formats: a JSON object with exactly one of <c>dataframe_split</c>
/// (<c>{"columns","data"}</c>), <c>dataframe_records</c> (<c>[{col: value}]</c>), <c>instances</c> or
/// <c>inputs</c> (tensors: one nested array, or an object of named nested arrays), or CSV text with a header.
/// </summary>
internal static class ScoringRequest
{
    private static readonly string[] Keys = ["dataframe_split", "dataframe_records", "instances", "inputs"];

    public static List<Tensor> FromJson(JsonElement root, ModelSignature signature, Func<Table, Table>? enrich = null)
    {
        var complete = enrich ?? (t => t);
        if (root.ValueKind != JsonValueKind.Object) throw MlnbException.Invalid("the request body must be a JSON object with one of dataframe_split, dataframe_records, instances or inputs");
        var present = Keys.Where(k => root.TryGetProperty(k, out _)).ToList();
        if (present.Count != 1)
            throw MlnbException.Invalid(present.Count == 0
                ? $"the request has none of {string.Join(", ", Keys)}; send e.g. {{\"dataframe_split\": {{\"columns\": [...], \"data\": [[...]]}}}}"
                : $"the request has {string.Join(" and ", present)}; send exactly one of them");
        var body = root.GetProperty(present[0]);
        return present[0] switch
        {
            "dataframe_split" => complete(Split(body)).ToTensors(signature),
            "dataframe_records" => complete(Records(body, "dataframe_records")).ToTensors(signature),
            "instances" when body.ValueKind == JsonValueKind.Array && body.GetArrayLength() > 0 && body[0].ValueKind == JsonValueKind.Object => complete(Records(body, "instances")).ToTensors(signature),
            _ when enrich is not null => throw MlnbException.Invalid($"this model fetches its features by entity key: send dataframe_split or dataframe_records with the join keys, not {present[0]} tensors"),
            _ => TensorsOf(body, present[0], signature),
        };
    }

    private static Table Split(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("columns", out var cols) || cols.ValueKind != JsonValueKind.Array
            || !body.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            throw MlnbException.Invalid("dataframe_split must be {\"columns\": [names], \"data\": [[row values]]}");
        var columns = cols.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.String ? c.GetString()! : c.GetRawText()).ToList();
        var rows = new List<object?[]>();
        var r = 0;
        foreach (var row in data.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != columns.Count)
                throw MlnbException.Invalid($"dataframe_split data row {r} has {(row.ValueKind == JsonValueKind.Array ? row.GetArrayLength() : 0)} values for {columns.Count} columns");
            rows.Add([.. row.EnumerateArray().Select(Cell)]);
            r++;
        }
        return new Table(columns, rows);
    }

    private static Table Records(JsonElement body, string key)
    {
        if (body.ValueKind != JsonValueKind.Array) throw MlnbException.Invalid($"{key} must be an array of objects, one per row");
        var columns = new List<string>();
        var list = body.EnumerateArray().ToList();
        foreach (var rec in list)
        {
            if (rec.ValueKind != JsonValueKind.Object) throw MlnbException.Invalid($"{key} must be an array of objects, one per row");
            foreach (var p in rec.EnumerateObject()) if (!columns.Contains(p.Name)) columns.Add(p.Name);
        }
        var rows = list.Select(rec => columns.Select(c => rec.TryGetProperty(c, out var v) ? Cell(v) : null).ToArray()).ToList();
        return new Table(columns, rows);
    }

    private static object? Cell(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number => v.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Null => null,
        _ => v.GetRawText(),
    };

    private static List<Tensor> TensorsOf(JsonElement body, string key, ModelSignature signature)
    {
        if (body.ValueKind == JsonValueKind.Object)
            return [.. body.EnumerateObject().Select(p =>
            {
                var spec = signature.Inputs.FirstOrDefault(s => s.Name == p.Name)
                    ?? throw MlnbException.Invalid($"input '{p.Name}' is not an input of the model; it takes {string.Join(", ", signature.Inputs.Select(InputValidator.Describe))}");
                return new Tensor(p.Name, spec.Datatype, JsonTensors.ShapeOf(p.Value, p.Name), JsonTensors.Flatten(p.Value, spec.Datatype, p.Name));
            })];
        if (body.ValueKind != JsonValueKind.Array) throw MlnbException.Invalid($"{key} must be an array (one input) or an object of named arrays");
        if (signature.Inputs.Count != 1)
            throw MlnbException.Invalid($"the model takes {signature.Inputs.Count} inputs ({string.Join(", ", signature.Inputs.Select(s => s.Name))}); send {key} as an object of named arrays");
        var only = signature.Inputs[0];
        return [new Tensor(only.Name, only.Datatype, JsonTensors.ShapeOf(body, only.Name), JsonTensors.Flatten(body, only.Datatype, only.Name))];
    }

    /// <summary>Parses CSV text with a header row (quoted fields allowed); numbers become numbers.</summary>
    public static Table FromCsv(string text)
    {
        using var reader = new StringReader(text);
        var header = reader.ReadLine() ?? throw MlnbException.Invalid("the CSV body is empty; send a header row and data rows");
        var columns = CsvLine.Split(header);
        var rows = new List<object?[]>();
        string? line;
        var n = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            n++;
            if (line.Length == 0) continue;
            var cells = CsvLine.Split(line);
            if (cells.Count != columns.Count) throw MlnbException.Invalid($"CSV line {n + 1} has {cells.Count} fields for {columns.Count} columns");
            rows.Add([.. cells.Select(ParseCell)]);
        }
        return new Table(columns, rows);
    }

    public static object? ParseCell(string s) =>
        s.Length == 0 ? null
        : double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
        : s is "true" or "True" or "TRUE" ? true
        : s is "false" or "False" or "FALSE" ? false
        : s;

    /// <summary><c>{"predictions": …}</c>: one output as nested lists, several as an object of them (as MLflow answers a dict of arrays).</summary>
    public static void WritePredictions(Utf8JsonWriter w, IReadOnlyList<Tensor> outputs)
    {
        w.WriteStartObject();
        w.WritePropertyName("predictions");
        if (outputs.Count == 1) JsonTensors.WriteNested(w, outputs[0]);
        else
        {
            w.WriteStartObject();
            foreach (var o in outputs)
            {
                w.WritePropertyName(o.Name);
                JsonTensors.WriteNested(w, o);
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }
}
