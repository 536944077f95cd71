namespace MlNotebooks.Data;

/// <summary>Adds <c>/NAME</c> to the <c>.gitignore</c> next to a tracked output, as <c>dvc add</c> does.</summary>
internal static class GitIgnore
{
    public static void Ensure(string outputFullPath)
    {
        var dir = Path.GetDirectoryName(outputFullPath.TrimEnd(Path.DirectorySeparatorChar))!;
        var entry = "/" + Path.GetFileName(outputFullPath.TrimEnd(Path.DirectorySeparatorChar));
        var file = Path.Combine(dir, ".gitignore");
        var text = File.Exists(file) ? File.ReadAllText(file) : "";
        if (text.Split('\n').Any(l => l.TrimEnd('\r') == entry)) return;
        if (text.Length > 0 && !text.EndsWith('\n')) text += "\n";
        AtomicFile.WriteAllText(file, text + entry + "\n");
    }
}

/// <summary>Writes small text files through a temporary file and a rename, so readers never see half a file.</summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string text)
    {
        var tmp = MlNotebooks.Storage.TempFiles.Beside(path);
        try
        {
            File.WriteAllText(tmp, text);
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}
