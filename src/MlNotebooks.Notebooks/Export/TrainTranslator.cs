using System.Globalization;
using MlNotebooks.Notebooks.Parameters;

namespace MlNotebooks.Notebooks.Export;

/// <summary>
/// <c>#!train</c> in an exported job: the line becomes <c>Train.Run(…)</c>, which runs the same child
/// <c>mlnb train DEFINITION --progress jsonl</c> the magic runs (same definition, options, experiment, run name and
/// parent run), so the job trains with the code the notebook ran. A cell whose <c>#!train</c> line names no definition
/// file is a definition: its code (magic lines blanked, as the magic does) becomes <c>definitions/cell-N.cs</c>.
/// </summary>
internal static class TrainTranslator
{
    /// <summary>The magic.</summary>
    public const string Magic = "#!train";

    /// <summary>The folder of the export holding cell definitions.</summary>
    public const string Folder = "definitions";

    // The magic's options, in the names `mlnb train` takes them (--experiment and --name are arguments of Train.Run).
    private static readonly Dictionary<string, string> Options = new(StringComparer.Ordinal)
    {
        ["--device"] = "--device", ["--epochs"] = "--epochs", ["--dtype"] = "--dtype", ["--param"] = "--param",
        ["--data"] = "--data", ["--label"] = "--label", ["--features"] = "--features", ["--task"] = "--task",
    };

    /// <summary>Whether <paramref name="line"/> (trimmed) is a <c>#!train</c> line.</summary>
    public static bool IsTrainLine(string line) =>
        line.StartsWith(Magic, StringComparison.Ordinal) && (line.Length == Magic.Length || char.IsWhiteSpace(line[Magic.Length]));

    /// <summary>Whether the cell's first <c>#!train</c> line names no definition (the cell's code is the definition).</summary>
    public static bool IsDefinitionCell(string source) =>
        source.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).FirstOrDefault(IsTrainLine) is { } line
        && Parse(MagicTranslator.Tokenize(line), line, new ExportCellRef(-1, line), strict: false).Definition is null;

    /// <summary>The export path of cell <paramref name="cell"/>'s definition.</summary>
    public static string DefinitionFile(ExportCellRef cell) => $"{Folder}/cell-{cell.Index.ToString(CultureInfo.InvariantCulture)}.cs";

    /// <summary>The cell's code as the definition file the magic writes: magic lines blanked (line numbers stay the cell's).</summary>
    public static string DefinitionSource(string source, ExportCellRef cell)
    {
        var lines = source.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimStart().StartsWith("#!", StringComparison.Ordinal) ? "" : l).ToList();
        if (lines.All(string.IsNullOrWhiteSpace))
            throw MlnbException.Invalid($"cell {cell.Index} (`{cell.FirstLine}`): `#!train` names no definition file and the cell has no definition code; name a C# file or write the definition below the magic line, ending in `return new TrainingJob {{ … }};`");
        return string.Join('\n', lines).TrimEnd('\n') + "\n";
    }

    /// <summary>A definition cell as job code: each magic line translated (the <c>#!train</c> line trains its definition file); the C# is not run by the job.</summary>
    public static string DefinitionCellCode(string source, ExportCellRef cell, List<string> notes)
    {
        var file = DefinitionFile(cell);
        notes.Add($"cell {cell.Index}: its code is a `#!train` definition, written to {file}; the job trains it with `mlnb train` as the magic does");
        var code = new List<string>();
        foreach (var line in source.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("#!", StringComparison.Ordinal)))
            code.Add(IsTrainLine(line) ? Call(line, cell, file) : MagicTranslator.Translate(line, cell, notes) ?? "");
        return string.Join('\n', code.Where(c => c.Length > 0));
    }

    /// <summary>The <c>Train.Run(…)</c> call for a <c>#!train</c> line; <paramref name="cellDefinition"/> is the export's definition file when the cell is one.</summary>
    public static string Call(string line, ExportCellRef cell, string? cellDefinition)
    {
        var parsed = Parse(MagicTranslator.Tokenize(line.Trim()), line, cell, strict: true);
        var definition = parsed.Definition ?? cellDefinition
            ?? throw MlnbException.Invalid($"cell {cell.Index} (`{cell.FirstLine}`): `{line.Trim()}` names no definition file; name one, or write the definition's code in the cell");
        var args = string.Concat(parsed.Args.Select(a => ", " + Lit(a)));
        return $"Train.Run({Lit(definition)}, bundled: {(parsed.Definition is null ? "true" : "false")}, experiment: {LitOrNull(parsed.Experiment)}, name: {LitOrNull(parsed.Name)}{(args.Length > 0 ? ", options: [" + args[2..] + "]" : "")});";
    }

    private sealed record TrainLine(string? Definition, string? Experiment, string? Name, IReadOnlyList<string> Args);

    private static TrainLine Parse(IReadOnlyList<string> words, string line, ExportCellRef cell, bool strict)
    {
        string? definition = null, experiment = null, name = null;
        var args = new List<string>();
        for (var i = 1; i < words.Count; i++)
        {
            var w = words[i];
            if (!w.StartsWith("--", StringComparison.Ordinal))
            {
                if (definition is not null && strict) throw MlnbException.Invalid($"cell {cell.Index}: `{line.Trim()}` names two definitions ('{definition}', '{w}'); `#!train` takes one");
                definition ??= w;
                continue;
            }
            if (i + 1 >= words.Count)
            {
                if (strict) throw MlnbException.Invalid($"cell {cell.Index}: `{line.Trim()}`: {w} needs a value");
                break;
            }
            var value = words[++i];
            switch (w)
            {
                case "--definition": definition = value; break;
                case "--experiment": experiment = value; break;
                case "--name": name = value; break;
                case "--epochs" when strict && !int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _):
                    throw MlnbException.Invalid($"cell {cell.Index}: `{line.Trim()}`: --epochs '{value}' is not a whole number");
                case "--param" when strict && value.IndexOf('=') <= 0:
                    throw MlnbException.Invalid($"cell {cell.Index}: `{line.Trim()}`: --param '{value}' is not k=v; write e.g. `#!train --param hidden=64`");
                default:
                    if (!Options.TryGetValue(w, out var option))
                    {
                        if (strict) throw MlnbException.Invalid($"cell {cell.Index}: `{line.Trim()}`: `#!train` has no option {w}; it takes --definition, {string.Join(", ", Options.Keys)}, --experiment, --name");
                        continue;
                    }
                    args.Add(option);
                    args.Add(value);
                    break;
            }
        }
        return new TrainLine(definition, experiment, name, args);
    }

    private static string Lit(string s) => ParameterCell.StringLiteral(s);

    private static string LitOrNull(string? s) => s is null ? "null" : Lit(s);
}
