using MlNotebooks.Storage;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Infrastructure;

/// <summary>Turns any failure into one line on stderr and a non-zero exit code.</summary>
internal static class ErrorReporter
{
    public static int Report(Exception e)
    {
        var (code, message) = e switch
        {
            MlnbException m => (m.Code.ToExitCode(), m.Message),
            CommandParseException or CommandRuntimeException => (2, e.Message.TrimEnd('.') + "; see `mlnb --help`"),
            OperationCanceledException => (130, "cancelled"),
            _ when OsErrors.Translate(e) is { } os => (os.Code.ToExitCode(), os.Message),
            _ => (1, $"unexpected {e.GetType().Name}: {e.Message} (please report this)"),
        };
        Console.Error.WriteLine("error: " + message.ReplaceLineEndings(" "));
        if (Environment.GetEnvironmentVariable("MLNB_DEBUG") == "1") Console.Error.WriteLine(e);
        return code;
    }
}
