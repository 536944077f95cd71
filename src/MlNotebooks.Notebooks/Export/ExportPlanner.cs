using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MlNotebooks.Notebooks.Analysis;
using MlNotebooks.Notebooks.Documents;
using MlNotebooks.Notebooks.Parameters;

namespace MlNotebooks.Notebooks.Export;

/// <summary>
/// Plans an export (Kale's <c>parse_notebook</c> in our shape): reads the tags, groups code cells into steps (untagged
/// cells join the previous step), finds each step's inputs from the C# syntax, and refuses what the job could not run:
/// no code, a non-C# notebook or cell, a name defined only in a skipped cell, a magic without an API equivalent.
/// </summary>
public static partial class ExportPlanner
{
    /// <summary>The step cells go to before the first <c>step:NAME</c> tag.</summary>
    public const string DefaultStep = "main";

    [GeneratedRegex(@"--device\s+cuda|DeviceType\.CUDA|Device\.CUDA|new\s+Device\(\s*""cuda|torch\.cuda\.is_available\(\)\s*\?|""cuda(:\d+)?""")]
    private static partial Regex CudaUse();

    [GeneratedRegex(@"^\s*#!registry\s+register\b.*--name\s+(?<name>""[^""]+""|\S+)", RegexOptions.Multiline)]
    private static partial Regex RegisterMagic();

    /// <summary>Plans the export of <paramref name="nb"/>.</summary>
    public static ExportPlan Plan(Notebook nb)
    {
        RequireCSharp(nb);
        var cells = new List<(ExportCellRef Ref, CellMarking Mark, CellNames Names, string Source)>();
        var index = 0;
        foreach (var cell in nb.Cells.OfType<JsonObject>())
        {
            var i = index++;
            if (cell.CellType() != "code" || string.IsNullOrWhiteSpace(cell.Source())) continue;
            var source = cell.Source();
            var cellRef = new ExportCellRef(i, FirstLine(source));
            if (cell.KernelName() is { } k && !IsCSharp(k) && k != "markdown")
                throw MlnbException.Invalid($"cell {i} (`{cellRef.FirstLine}`) is {k}; export turns C# cells into a .NET job — rewrite it in C# or tag it 'skip'");
            // A #!train definition cell's code runs in `mlnb train`, not in the program: it declares and uses nothing there.
            cells.Add((cellRef, CellTags.Read(cell.Tags(), i, cellRef.FirstLine), CellAnalyzer.Analyze(TrainTranslator.IsDefinitionCell(source) ? "" : source), source));
        }
        if (cells.Count == 0) throw MlnbException.Invalid("the notebook has no code cells; there is nothing to export — add the C# cells the job should run");
        if (cells.Count(c => c.Mark.IsParameters) > 1)
            throw MlnbException.Invalid($"cells {string.Join(", ", cells.Where(c => c.Mark.IsParameters).Select(c => c.Ref.Index))} are all tagged 'parameters'; keep one parameters cell, as papermill does");

        var notes = new List<string>();
        var kept = cells.Where(c => !c.Mark.IsSkip && !c.Mark.IsInjected).ToList();
        foreach (var c in cells.Where(c => c.Mark.IsInjected)) notes.Add($"cell {c.Ref.Index}: papermill's injected parameters left out (the job reads its own)");
        if (kept.All(c => c.Mark.IsParameters)) throw MlnbException.Invalid("every code cell is tagged 'skip' or 'parameters'; there is nothing for the job to run — remove 'skip' from the cells it should run");
        CheckSkippedNames(cells);
        CheckRedeclarations(kept);

        var parameterCell = kept.FirstOrDefault(c => c.Mark.IsParameters);
        var parameters = parameterCell.Source is null ? [] : ParameterCell.ReadDefaults(parameterCell.Source);
        var parametersCode = parameterCell.Source is null ? "" : CellRewriter.Parameters(parameterCell.Source, parameters);
        var usings = new SortedSet<string>(StringComparer.Ordinal);
        var types = new List<string>();
        var steps = new List<(string Name, List<ExportCellCode> Cells, HashSet<string> Declared, HashSet<string> Used)>();
        var definitions = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in kept)
        {
            if (c.Mark.Step is { } name)
            {
                if (steps.Any(s => s.Name == name)) throw MlnbException.Invalid($"cell {c.Ref.Index} (`{c.Ref.FirstLine}`) starts step '{name}' a second time; give each step:NAME once (untagged cells join the step above them)");
                steps.Add((name, [], [], []));
            }
            if (c.Mark.IsParameters) continue;
            if (steps.Count == 0) steps.Add((DefaultStep, [], [], []));
            string code;
            if (TrainTranslator.IsDefinitionCell(c.Source))
            {
                definitions[TrainTranslator.DefinitionFile(c.Ref)] = TrainTranslator.DefinitionSource(c.Source, c.Ref);
                code = TrainTranslator.DefinitionCellCode(c.Source, c.Ref, notes);
            }
            else code = CellRewriter.Cell(c.Source, c.Ref, notes, usings, types);
            var step = steps[^1];
            step.Cells.Add(new ExportCellCode(c.Ref, code));
            step.Declared.UnionWith(c.Names.Declared);
            step.Used.UnionWith(c.Names.Used.Where(u => !c.Names.Declared.Contains(u)));
        }
        var planned = new List<ExportStep>();
        for (var s = 0; s < steps.Count; s++)
        {
            var inputs = new SortedSet<string>(StringComparer.Ordinal);
            var from = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var used in steps[s].Used)
                for (var e = s - 1; e >= 0; e--)
                    if (steps[e].Declared.Contains(used)) { inputs.Add(used); from.Add(steps[e].Name); break; }
            planned.Add(new ExportStep(steps[s].Name, steps[s].Cells, [.. inputs], steps.Take(s).Select(x => x.Name).Where(from.Contains).ToList()));
        }
        var packages = kept.SelectMany(c => c.Names.Packages).GroupBy(p => p.Id, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.Last()).OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var p in packages.Where(p => p.Version is null))
            throw MlnbException.Invalid($"`#r \"nuget: {p.Id}\"` names no version; pin one (e.g. `#r \"nuget: {p.Id}, 1.2.3\"`) so the job builds the same every time");
        var keptSource = string.Join('\n', kept.Select(c => c.Source));
        var registered = RegisterMagic().Match(keptSource) is { Success: true } m ? m.Groups["name"].Value.Trim('"') : null;
        return new ExportPlan(parameters, parametersCode, planned, cells.Where(c => c.Mark.IsSkip).Select(c => c.Ref).ToList(), packages,
            [.. usings], types, CudaUse().IsMatch(keptSource), registered, notes, definitions);
    }

    /// <summary>A step that uses a name only a skipped cell defines would not compile; name both cells.</summary>
    private static void CheckSkippedNames(List<(ExportCellRef Ref, CellMarking Mark, CellNames Names, string Source)> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (cells[i].Mark.IsSkip || cells[i].Mark.IsInjected) continue;
            foreach (var name in cells[i].Names.Used.Where(u => !cells[i].Names.Declared.Contains(u)).Order(StringComparer.Ordinal))
            {
                var earlier = cells.Take(i).Where(c => c.Names.Declared.Contains(name)).ToList();
                if (earlier.Count == 0 || earlier.Any(c => !c.Mark.IsSkip && !c.Mark.IsInjected)) continue;
                var skipped = earlier[^1].Ref;
                throw MlnbException.Invalid($"cell {cells[i].Ref.Index} (`{cells[i].Ref.FirstLine}`) uses '{name}', which only cell {skipped.Index} (`{skipped.FirstLine}`) defines, and that cell is tagged 'skip'; remove 'skip' from cell {skipped.Index} or define '{name}' in a kept cell");
            }
        }
    }

    /// <summary>A notebook may declare a name again in a later cell; one program may not.</summary>
    private static void CheckRedeclarations(List<(ExportCellRef Ref, CellMarking Mark, CellNames Names, string Source)> kept)
    {
        var seen = new Dictionary<string, ExportCellRef>(StringComparer.Ordinal);
        foreach (var c in kept)
            foreach (var name in c.Names.Declared.Order(StringComparer.Ordinal))
            {
                if (seen.TryGetValue(name, out var first))
                    throw MlnbException.Invalid($"cell {c.Ref.Index} (`{c.Ref.FirstLine}`) declares '{name}' again (cell {first.Index} declared it first); the job is one C# program, so rename one of them or assign without declaring");
                seen[name] = c.Ref;
            }
    }

    private static void RequireCSharp(Notebook nb)
    {
        var md = nb.Metadata;
        var language = (md["kernelspec"] as JsonObject)?["language"]?.ToString() ?? (md["language_info"] as JsonObject)?["name"]?.ToString();
        if (language is not null && !IsCSharp(language))
            throw MlnbException.Invalid($"the notebook's language is {language}; `mlnb export` writes a .NET job from C# notebooks (kernelspec language C#)");
    }

    private static bool IsCSharp(string name) => name.Trim().ToLowerInvariant() is "c#" or "csharp" or ".net-csharp";

    /// <summary>A cell's first non-blank line, shortened for messages.</summary>
    public static string FirstLine(string source)
    {
        var line = source.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        return line.Length > 60 ? line[..57] + "..." : line;
    }
}
