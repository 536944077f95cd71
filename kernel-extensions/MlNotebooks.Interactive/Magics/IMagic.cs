using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;

namespace MlNotebooks.Interactive.Magics;

/// <summary>
/// One magic command of the family (<c>#!track</c>, later <c>#!data</c>, <c>#!train</c>, ...): a folder under
/// <c>Magics/</c> holding its directive declaration, its command types and its handlers.
/// </summary>
internal interface IMagic
{
    /// <summary>The directive with its subcommands and typed parameters, declared as data.</summary>
    KernelActionDirective Directive { get; }

    /// <summary>One line per subcommand for the help blurb.</summary>
    IReadOnlyList<string> HelpLines { get; }

    /// <summary>Binds the directive and each subcommand to its handler.</summary>
    void Register(Kernel kernel);
}
