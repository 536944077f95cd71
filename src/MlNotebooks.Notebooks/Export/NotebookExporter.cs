using System.Text;
using System.Text.RegularExpressions;
using MlNotebooks.Notebooks.Documents;

namespace MlNotebooks.Notebooks.Export;

/// <summary>
/// <c>mlnb export</c> / <c>#!export</c>: plans the notebook, renders the training-job and serving templates from one
/// <see cref="ExportModel"/>, adds the notebook and the MlNotebooks.Core feed, and writes one folder. Everything is
/// computed in memory before the first write, so a refused export writes nothing. The output depends only on the
/// notebook, the names and the running MlNotebooks.Core (no dates, sorted, fixed zip dates).
/// </summary>
public static partial class NotebookExporter
{
    /// <summary>The file listing what the last export wrote (so exporting again may replace exactly those files).</summary>
    public const string ManifestFile = ".mlnb-export";

    /// <summary>The templates an export renders, in order.</summary>
    public static readonly IReadOnlyList<string> Templates = ["mlnb-train", "mlnb-serve"];

    // Build outputs beside the export (never written by it, never refused): bin/obj, the workspace, CI's folder and the
    // published job, server and (for #!train) CLI the Dockerfiles copy (scripts/containers/build-export.sh writes them).
    private static readonly string[] BuildFolders = ["bin/", "obj/", ".mlnb/", "ci/", "train-app/", "serve-app/", "mlnb-app/"];

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonDns();

    /// <summary>Exports <paramref name="request"/>'s notebook.</summary>
    public static ExportResult Export(ExportRequest request)
    {
        var notebookPath = Path.GetFullPath(request.Notebook);
        var model = Model(request, Notebook.Load(notebookPath));
        var files = Render(model, File.ReadAllBytes(notebookPath));
        var output = Path.GetFullPath(request.Output ?? Path.Combine(Path.GetDirectoryName(notebookPath)!, "export", model.AppName));
        var stale = CheckOutput(output, files.Keys, request.Force);
        Write(output, files, stale);
        return new ExportResult(output, [.. files.Keys], model);
    }

    /// <summary>The names and plan for <paramref name="nb"/>.</summary>
    public static ExportModel Model(ExportRequest request, Notebook nb)
    {
        var plan = ExportPlanner.Plan(nb);
        var baseName = request.Name ?? Path.GetFileNameWithoutExtension(request.Notebook);
        var app = NonDns().Replace(baseName.ToLowerInvariant(), "-").Trim('-');
        if (app.Length == 0 || !char.IsAsciiLetterLower(app[0]))
            throw MlnbException.Invalid($"name '{baseName}' does not give a valid app name (it must start with a letter); pass --name NAME");
        if (app.Length > 40) app = app[..40].TrimEnd('-');
        var project = string.Concat(app.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
        var modelName = request.Model ?? plan.RegisteredModel ?? app;
        return new ExportModel(project, app, modelName, JobFeed.CoreVersion(), Path.GetFileName(request.Notebook), plan);
    }

    /// <summary>Every file of the export, by relative path (sorted), as bytes.</summary>
    public static SortedDictionary<string, byte[]> Render(ExportModel model, byte[] notebook)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var tokens = model.Tokens;
        var slots = JobSource.Slots(model);
        foreach (var template in Templates)
            foreach (var (path, text) in TemplateRenderer.Files(template))
                files[TemplateRenderer.ReplaceTokens(path, tokens)] = Encoding.UTF8.GetBytes(TemplateRenderer.Render(text, tokens, slots));
        files["notebook/" + model.NotebookFileName] = notebook;
        foreach (var (path, code) in model.Plan.Definitions ?? new SortedDictionary<string, string>()) files[path] = Encoding.UTF8.GetBytes(code);
        var (feedName, feedBytes) = JobFeed.CorePackage();
        files["feed/" + feedName] = feedBytes;
        files[ManifestFile] = Encoding.UTF8.GetBytes(string.Concat(files.Keys.Append(ManifestFile).Order(StringComparer.Ordinal).Select(k => k + "\n")));
        return files;
    }

    /// <summary>Refuses a folder holding files this export did not write (unless forced); returns the previous export's files it will no longer write.</summary>
    private static IReadOnlyList<string> CheckOutput(string output, IEnumerable<string> files, bool force)
    {
        if (File.Exists(output)) throw MlnbException.Invalid($"'{output}' is a file; give --out a folder");
        if (!Directory.Exists(output)) return [];
        var existing = Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(output, f).Replace('\\', '/'))
            .Where(f => !BuildFolders.Any(b => f.StartsWith(b, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal).ToList();
        var manifest = Path.Combine(output, ManifestFile);
        var previous = File.Exists(manifest) ? File.ReadAllLines(manifest).Where(l => l.Length > 0).ToHashSet(StringComparer.Ordinal) : [];
        var others = existing.Where(f => !previous.Contains(f)).ToList();
        if (others.Count > 0 && !force)
            throw MlnbException.Invalid($"'{output}' holds {others.Count} file(s) an export did not write ({string.Join(", ", others.Take(3))}{(others.Count > 3 ? ", …" : "")}); choose an empty --out folder, or pass --force to write beside them");
        var next = files.ToHashSet(StringComparer.Ordinal);
        return previous.Where(p => !next.Contains(p) && !p.Contains("..", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
    }

    private static void Write(string output, SortedDictionary<string, byte[]> files, IReadOnlyList<string> stale)
    {
        foreach (var (relative, bytes) in files)
        {
            var path = Path.Combine(output, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var tmp = path + ".tmp-" + Environment.ProcessId;
            File.WriteAllBytes(tmp, bytes);
            File.Move(tmp, path, overwrite: true);
        }
        foreach (var old in stale) File.Delete(Path.Combine(output, old));
    }
}
