using System.Diagnostics;
using System.Text;

namespace MlNotebooks.Data;

/// <summary>Runs git for reading old versions of pointer files.</summary>
internal static class Git
{
    public static string Run(string workDir, params string[] args) => Encoding.UTF8.GetString(RunBytes(workDir, args));

    public static byte[] RunBytes(string workDir, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw MlnbException.State("git is not installed or not on PATH; install git to compare or read old data versions");
        }
        using (p)
        {
            using var ms = new MemoryStream();
            var err = p.StandardError.ReadToEndAsync();
            p.StandardOutput.BaseStream.CopyTo(ms);
            p.WaitForExit();
            if (p.ExitCode != 0)
            {
                var msg = err.Result.Trim().Split('\n')[0];
                if (msg.Contains("not a git repository", StringComparison.Ordinal))
                    throw MlnbException.State($"'{workDir}' is not in a git repository; run `git init` and commit the .dvc files to use revisions");
                throw MlnbException.Invalid($"git {string.Join(' ', args)} failed: {msg}; check the revision name (e.g. HEAD~1, a branch or a tag)");
            }
            return ms.ToArray();
        }
    }

    /// <summary>Pointer files (<c>*.dvc</c>, <c>dvc.lock</c>) at a revision under <paramref name="dir"/>, with their text.</summary>
    public static IEnumerable<(string Path, string Text)> PointerFilesAt(string dir, string rev)
    {
        Run(dir, "rev-parse", "--verify", "--quiet", rev + "^{commit}");
        foreach (var line in Run(dir, "ls-tree", "-r", "--name-only", rev).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!line.EndsWith(DvcFile.Extension, StringComparison.Ordinal) && line != "dvc.lock") continue;
            yield return (line, Run(dir, "show", $"{rev}:./{line}"));
        }
    }
}
