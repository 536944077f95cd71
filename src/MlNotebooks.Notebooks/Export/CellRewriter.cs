using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using MlNotebooks.Notebooks.Parameters;

namespace MlNotebooks.Notebooks.Export;

/// <summary>
/// Rewrites a notebook cell (C# script) into statements of the job's top-level program: magic lines become API calls
/// (<see cref="MagicTranslator"/>), <c>#r</c>/<c>#i</c> lines go to the project file, using directives go to the top,
/// type declarations go after the statements, and a trailing expression (which a notebook displays) is displayed.
/// </summary>
internal static partial class CellRewriter
{
    private static readonly CSharpParseOptions Script = new(kind: SourceCodeKind.Script);

    [GeneratedRegex(@"^(?<indent>\s*)(?:const\s+)?(?<type>var|int|long|double|float|decimal|bool|string)\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?<value>.+?)\s*;(?<comment>\s*//.*)?$")]
    private static partial Regex Declaration();

    /// <summary>The parameters cell with each default read through <c>job.Param(name, default)</c>.</summary>
    public static string Parameters(string source, IReadOnlyList<NotebookParameter> parameters)
    {
        var names = parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        return string.Join('\n', source.ReplaceLineEndings("\n").TrimEnd().Split('\n').Select(line =>
            Declaration().Match(line) is { Success: true } m && names.Contains(m.Groups["name"].Value)
                ? $"{m.Groups["indent"].Value}{m.Groups["type"].Value} {m.Groups["name"].Value} = job.Param({ParameterCell.StringLiteral(m.Groups["name"].Value)}, {m.Groups["value"].Value});{m.Groups["comment"].Value}"
                : line));
    }

    /// <summary>One kept cell as top-level statements; adds its usings and hoisted types to the collections.</summary>
    public static string Cell(string source, ExportCellRef cell, List<string> notes, ISet<string> usings, List<string> types)
    {
        var lines = new List<string>();
        foreach (var line in source.ReplaceLineEndings("\n").Split('\n'))
        {
            var t = line.TrimStart();
            if (t.StartsWith("#r ", StringComparison.Ordinal) || t.StartsWith("#i ", StringComparison.Ordinal))
            {
                if (t.StartsWith("#r ", StringComparison.Ordinal) && !t.Contains("nuget:", StringComparison.Ordinal))
                    throw MlnbException.Invalid($"cell {cell.Index}: `{t}` references a file; the job references packages only — publish it as a package and use `#r \"nuget: ID, VERSION\"`");
                lines.Add("");
                continue;
            }
            if (t.StartsWith("#!", StringComparison.Ordinal))
            {
                lines.Add(line[..(line.Length - t.Length)] + (MagicTranslator.Translate(t, cell, notes) ?? ""));
                continue;
            }
            lines.Add(line);
        }
        var code = string.Join('\n', lines);
        var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(code, Script).GetRoot();
        var edits = new List<(TextSpanLike Span, string With)>();
        foreach (var u in root.Usings)
        {
            usings.Add(u.ToString().Trim());
            edits.Add((new TextSpanLike(u.FullSpan.Start, u.FullSpan.End), ""));
        }
        foreach (var member in root.Members.Where(m => m is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax))
        {
            types.Add($"// cell {cell.Index}\n" + member.ToString().Trim());
            edits.Add((new TextSpanLike(member.FullSpan.Start, member.FullSpan.End), "\n"));
        }
        if (root.Members.LastOrDefault() is GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } last })
            edits.Add((new TextSpanLike(last.Span.Start, last.Span.End), $"display({last.Expression.ToString().Trim()});"));
        var sb = new StringBuilder(code);
        foreach (var (span, with) in edits.OrderByDescending(e => e.Span.Start))
            sb.Remove(span.Start, span.End - span.Start).Insert(span.Start, with);
        var body = string.Join('\n', sb.ToString().Split('\n').Select(l => l.TrimEnd())).Trim('\n');
        var errors = CSharpSyntaxTree.ParseText(body, Script).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
            throw MlnbException.Invalid($"cell {cell.Index} (`{cell.FirstLine}`) is not valid C# ({errors[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture)} at line {errors[0].Location.GetLineSpan().StartLinePosition.Line + 1}); fix it, or tag it 'skip'");
        return body;
    }

    private readonly record struct TextSpanLike(int Start, int End);
}
