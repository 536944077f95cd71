using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MlNotebooks.Notebooks.Analysis;

/// <summary>
/// What a C# notebook cell declares and uses, found from its syntax (a Roslyn script parse, magic lines blanked):
/// the names it declares at top level, every identifier it mentions, the NuGet packages its <c>#r "nuget:…"</c>
/// directives reference (never guessed from usings) and its using directives. Shared by <c>--resume</c> and export.
/// </summary>
public static partial class CellAnalyzer
{
    private static readonly CSharpParseOptions Script = new(kind: SourceCodeKind.Script);

    [GeneratedRegex(@"^\s*#r\s+""nuget:\s*(?<id>[^,""\s]+)\s*(,\s*(?<version>[^""\s]+))?\s*""\s*$")]
    private static partial Regex NugetReference();

    /// <summary>Analyses one cell's source.</summary>
    public static CellNames Analyze(string source)
    {
        var lines = source.ReplaceLineEndings("\n").Split('\n');
        var packages = new List<PackageRef>();
        foreach (var l in lines)
            if (NugetReference().Match(l) is { Success: true } m)
                packages.Add(new PackageRef(m.Groups["id"].Value, m.Groups["version"].Success ? m.Groups["version"].Value : null));
        var code = string.Join('\n', lines.Select(l => l.TrimStart().StartsWith("#!", StringComparison.Ordinal) ? "" : l));
        var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(code, Script).GetRoot();
        var used = root.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText).ToHashSet(StringComparer.Ordinal);
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in root.DescendantNodes())
        {
            switch (node)
            {
                case VariableDeclaratorSyntax v when IsTopLevel(v): declared.Add(v.Identifier.ValueText); break;
                case MethodDeclarationSyntax m when m.Parent is CompilationUnitSyntax or GlobalStatementSyntax: declared.Add(m.Identifier.ValueText); break;
                case LocalFunctionStatementSyntax f when IsTopLevel(f): declared.Add(f.Identifier.ValueText); break;
                case BaseTypeDeclarationSyntax t when t.Parent is CompilationUnitSyntax: declared.Add(t.Identifier.ValueText); break;
                case DelegateDeclarationSyntax d when d.Parent is CompilationUnitSyntax: declared.Add(d.Identifier.ValueText); break;
                case FieldDeclarationSyntax f when f.Parent is CompilationUnitSyntax:
                    foreach (var v in f.Declaration.Variables) declared.Add(v.Identifier.ValueText);
                    break;
                case SingleVariableDesignationSyntax s when IsTopLevel(s): declared.Add(s.Identifier.ValueText); break;
            }
        }
        var usings = root.Usings.Select(u => u.ToString().Trim()).ToList();
        return new CellNames(declared, used, packages, usings);
    }

    private static bool IsTopLevel(SyntaxNode node) =>
        !node.Ancestors().Any(a => a is BlockSyntax or LambdaExpressionSyntax or BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or TypeDeclarationSyntax
            or ForStatementSyntax or UsingStatementSyntax or FixedStatementSyntax);
}
