using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Events;

namespace MlNotebooks.Notebooks.Execution;

/// <summary>
/// Turns a cell's kernel events into nbformat outputs, as Jupyter would store them: consecutive stream writes merge,
/// display updates replace their display, and output past the per-cell limit is cut with a note.
/// </summary>
internal sealed class OutputCollector(int executionCount, long maxBytes)
{
    private readonly JsonArray _outputs = [];
    private readonly Dictionary<string, JsonObject> _displays = [];
    private long _kept;
    private long _dropped;
    private bool _clearPending;

    public JsonArray Outputs => _outputs;

    public bool Truncated => _dropped > 0;

    public void Add(KernelEvent e)
    {
        if (e is MlNotebooks.Interactive.ClearOutputRequested clear)
        {
            // Cell.ClearOutput(): as Jupyter shows it, the outputs so far are gone (with wait, when the next one comes).
            if (clear.Wait) _clearPending = true;
            else Clear();
            return;
        }
        if (_clearPending && e is StandardOutputValueProduced or StandardErrorValueProduced or ReturnValueProduced or DisplayedValueProduced) Clear();
        switch (e)
        {
            case StandardOutputValueProduced o: Stream("stdout", Text(o)); break;
            case StandardErrorValueProduced o: Stream("stderr", Text(o)); break;
            case ReturnValueProduced r: AddData("execute_result", r); break;
            case DisplayedValueUpdated u when u.ValueId is { } id && _displays.TryGetValue(id, out var existing):
                _kept -= ((JsonObject)existing["data"]!).Sum(kv => ((string?)kv.Value)?.Length ?? 0); // replaced, not added
                existing["data"] = Data(u);
                break;
            case DisplayedValueProduced d:
                var output = AddData("display_data", d);
                if (d.ValueId is { } valueId && output is not null) _displays[valueId] = output;
                break;
        }
    }

    private void Clear()
    {
        _outputs.Clear();
        _displays.Clear();
        _clearPending = false;
    }

    public void AddError(string ename, string evalue, IReadOnlyList<string> traceback) =>
        _outputs.Add(new JsonObject
        {
            ["output_type"] = "error",
            ["ename"] = ename,
            ["evalue"] = evalue,
            ["traceback"] = new JsonArray([.. traceback.Select(t => (JsonNode)t)]),
        });

    /// <summary>Appends the truncation note when output was cut.</summary>
    public void Finish()
    {
        if (_dropped == 0) return;
        AppendStream("stderr", $"\n[mlnb] output truncated: {_dropped:N0} more characters were not kept (limit {maxBytes:N0} per cell; raise it with --max-output-bytes)\n");
    }

    private static string Text(DisplayEvent e) => string.Concat(e.FormattedValues.Select(f => f.Value));

    private void Stream(string name, string text)
    {
        var room = maxBytes - _kept;
        if (room <= 0) { _dropped += text.Length; return; }
        if (text.Length > room)
        {
            _dropped += text.Length - room;
            text = text[..(int)room];
        }
        _kept += text.Length;
        AppendStream(name, text);
    }

    private void AppendStream(string name, string text)
    {
        if (_outputs.Count > 0 && _outputs[^1] is JsonObject last && (string?)last["output_type"] == "stream" && (string?)last["name"] == name)
            last["text"] = (string?)last["text"] + text;
        else
            _outputs.Add(new JsonObject { ["output_type"] = "stream", ["name"] = name, ["text"] = text });
    }

    private JsonObject Data(DisplayEvent e)
    {
        var data = new JsonObject();
        foreach (var f in e.FormattedValues)
        {
            var value = f.Value ?? "";
            var room = maxBytes - _kept;
            if (value.Length > room)
            {
                _dropped += value.Length;
                continue;
            }
            _kept += value.Length;
            data[f.MimeType] = value;
        }
        if (data.Count == 0) data["text/plain"] = "[mlnb] display not kept: over the per-cell output limit";
        else if (!data.ContainsKey("text/plain") && MimeBundle.PlainText(e) is { } text && text.Length <= maxBytes - _kept)
        {
            // The kernel formats results as HTML only; a plain-text form keeps them readable in CI logs and diffs.
            _kept += text.Length;
            data["text/plain"] = text;
        }
        return data;
    }

    private JsonObject? AddData(string type, DisplayEvent e)
    {
        var o = new JsonObject { ["output_type"] = type, ["data"] = Data(e), ["metadata"] = new JsonObject() };
        if (type == "execute_result") o["execution_count"] = executionCount;
        _outputs.Add(o);
        return o;
    }
}
