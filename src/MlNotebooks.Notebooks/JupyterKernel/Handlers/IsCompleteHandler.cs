using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MlNotebooks.Notebooks.JupyterKernel.Protocol;
using MlNotebooks.Notebooks.JupyterKernel.Transport;

namespace MlNotebooks.Notebooks.JupyterKernel.Handlers;

/// <summary>
/// <c>is_complete_request</c>, answered once: Roslyn parses the cell as a C# script (magic lines blanked): an open
/// brace, string or statement is incomplete, other syntax errors are invalid.
/// </summary>
internal sealed partial class IsCompleteHandler : IMessageHandler
{
    private static readonly CSharpParseOptions Script = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);

    public string MsgType => "is_complete_request";

    public Task HandleAsync(Channel channel, JupyterMessage request, KernelSession session)
    {
        session.Reply(channel, request, "is_complete_reply", Check(request.Read<IsCompleteRequest>().Code));
        return Task.CompletedTask;
    }

    public static IsCompleteReply Check(string code)
    {
        var csharp = Directives().Replace(code, "");
        if (string.IsNullOrWhiteSpace(csharp)) return new IsCompleteReply("complete");
        var tree = CSharpSyntaxTree.ParseText(csharp, Script);
        if (!SyntaxFactory.IsCompleteSubmission(tree))
        {
            var depth = csharp.Count(c => c == '{') - csharp.Count(c => c == '}');
            return new IsCompleteReply("incomplete", new string(' ', 4 * Math.Max(depth, 0)));
        }
        return tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error) ? new IsCompleteReply("invalid") : new IsCompleteReply("complete");
    }

    // Magic (#!…) and #r/#i lines are .NET Interactive's, not C#: blank them, keeping line numbers.
    [GeneratedRegex(@"^[ \t]*#(!|r\b|i\b).*$", RegexOptions.Multiline)]
    private static partial Regex Directives();
}
