using Microsoft.DotNet.Interactive.Commands;

namespace MlNotebooks.Interactive.Magics.Train;

/// <summary>
/// A cell whose <c>#!train</c> line names no definition file: its C# code is the training definition. The code goes to
/// <c>mlnb train</c> as a file with the cell's magic lines blanked (so compile errors name the cell's own line numbers),
/// and the C# kernel does not run it.
/// </summary>
internal static class TrainCell
{
    /// <summary>The file name compile errors show for a cell definition.</summary>
    public const string FileName = "cell.cs";

    private static readonly HashSet<string> ValuedOptions = ["--definition", "--device", "--epochs", "--dtype", "--param", "--data", "--experiment", "--name"];

    /// <summary>Whether <paramref name="code"/> has a <c>#!train</c> line without a definition file (its code is the definition).</summary>
    public static bool IsDefinition(string code) =>
        code.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(TrainMagic.Name, StringComparison.Ordinal) && (l.Length == TrainMagic.Name.Length || char.IsWhiteSpace(l[TrainMagic.Name.Length])))
            is { } line && Definition(DirectiveText.Tokenize(line)) is null && !line.Contains("--definition", StringComparison.Ordinal);

    /// <summary>The positional definition of a <c>#!train</c> line, or null.</summary>
    public static string? Definition(IReadOnlyList<string> tokens) => DirectiveText.Positionals(tokens, ValuedOptions, start: 1).FirstOrDefault();

    /// <summary>The cell a directive came from.</summary>
    public static SubmitCode? Of(KernelCommand command)
    {
        while (command.Parent is not null) command = command.Parent;
        return command as SubmitCode;
    }

    /// <summary>Writes the cell's code, magic lines blanked, to a fresh temporary folder; returns the file.</summary>
    public static string WriteDefinition(string code)
    {
        var lines = code.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimStart().StartsWith("#!", StringComparison.Ordinal) ? "" : l);
        if (lines.All(string.IsNullOrWhiteSpace))
            throw MlnbException.Invalid("#!train needs a definition: name a C# file (`#!train train.cs`) or write the definition's code below the magic line, ending in `return new TrainingJob { … };`");
        var dir = Directory.CreateTempSubdirectory("mlnb-train-").FullName;
        var file = Path.Combine(dir, FileName);
        File.WriteAllText(file, string.Join('\n', lines));
        return file;
    }
}
