using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace MlNotebooks.Notebooks.JupyterKernel;

/// <summary>
/// Makes a cell's loops interruptible: a call to <c>Cell.ThrowIfInterrupted()</c> is inserted at the top of every loop
/// body (on the same line, so compiler messages keep their line numbers). Only insertions: magic lines and everything
/// else stay byte for byte.
/// </summary>
internal static class InterruptPoints
{
    private const string Check = "global::MlNotebooks.Interactive.Cell.ThrowIfInterrupted();";
    private static readonly CSharpParseOptions Script = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);

    public static string Insert(string code)
    {
        var root = CSharpSyntaxTree.ParseText(code, Script).GetRoot();
        var changes = new List<TextChange>();
        foreach (var loop in root.DescendantNodes().Where(n => n is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or ForEachStatementSyntax or ForEachVariableStatementSyntax))
        {
            var body = loop switch
            {
                WhileStatementSyntax w => w.Statement,
                DoStatementSyntax d => d.Statement,
                ForStatementSyntax f => f.Statement,
                CommonForEachStatementSyntax f => f.Statement,
                _ => null,
            };
            if (body is null || body.IsMissing) continue;
            if (body is BlockSyntax block)
            {
                if (!block.OpenBraceToken.IsMissing) changes.Add(new TextChange(new TextSpan(block.OpenBraceToken.Span.End, 0), " " + Check));
            }
            else
            {
                changes.Add(new TextChange(new TextSpan(body.SpanStart, 0), "{ " + Check + " "));
                changes.Add(new TextChange(new TextSpan(body.Span.End, 0), " }"));
            }
        }
        return changes.Count == 0 ? code : SourceText.From(code).WithChanges(changes.OrderBy(c => c.Span.Start)).ToString();
    }
}
