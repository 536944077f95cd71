using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MlNotebooks.Data;

/// <summary>Reads and writes DVC 3 <c>.dvc</c> pointer files (<c>outs: [{md5, size, nfiles, hash: md5, path}]</c>).</summary>
internal static class DvcFile
{
    public const string Extension = ".dvc";

    private static readonly HashSet<string> RootKeys = ["outs", "md5", "meta", "desc", "wdir", "frozen"];
    private static readonly HashSet<string> OutKeys = ["md5", "size", "nfiles", "hash", "path", "desc", "type", "labels", "meta", "cache", "remote", "push", "isexec"];

    /// <summary>The text DVC writes for these outputs, byte for byte.</summary>
    public static string Write(IEnumerable<DataOutput> outs)
    {
        var sb = new StringBuilder("outs:\n");
        foreach (var o in outs) AppendOutput(sb, o, "- ", "  ", pathFirst: false);
        return sb.ToString();
    }

    /// <summary>Appends one output as a YAML list item; <c>.dvc</c> files put path last, <c>dvc.lock</c> first.</summary>
    public static void AppendOutput(StringBuilder sb, DataOutput o, string first, string rest, bool pathFirst)
    {
        var lines = new List<string>();
        if (pathFirst) lines.Add("path: " + YamlText.Scalar(o.Path));
        if (pathFirst) lines.Add("hash: md5");
        lines.Add("md5: " + o.Md5);
        lines.Add("size: " + YamlText.Scalar(o.Size));
        if (o.NFiles is { } n) lines.Add("nfiles: " + YamlText.Scalar(n));
        if (!pathFirst) lines.Add("hash: md5");
        if (!pathFirst) lines.Add("path: " + YamlText.Scalar(o.Path));
        for (var i = 0; i < lines.Count; i++) sb.Append(i == 0 ? first : rest).Append(lines[i]).Append('\n');
    }

    /// <summary>Parses a <c>.dvc</c> file; every problem is one line that names the file and the fix.</summary>
    public static IReadOnlyList<DataOutput> Parse(string text, string file)
    {
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            root = stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode m ? m
                : throw Bad(file, "it is not a YAML mapping");
        }
        catch (YamlException e)
        {
            throw Bad(file, $"it is not valid YAML (line {e.Start.Line}: {e.Message.Split('\n')[0]})");
        }
        foreach (var key in root.Children.Keys.Select(k => k.ToString()))
        {
            if (key == "deps") throw Bad(file, "it records an import (deps), which this version does not follow; use `dvc update` for it");
            if (!RootKeys.Contains(key)) throw Bad(file, $"it has the unknown field '{key}' (expected outs, md5, meta, desc, wdir, frozen)");
        }
        if (root.Children.TryGetValue("wdir", out var wdir) && wdir.ToString() != ".") throw Bad(file, "it sets wdir, which this version does not follow; move the .dvc file next to its data");
        if (!root.Children.TryGetValue("outs", out var outsNode) || outsNode is not YamlSequenceNode outs || outs.Children.Count == 0)
            throw Bad(file, "it has no outs list");
        var result = new List<DataOutput>();
        foreach (var node in outs)
        {
            if (node is not YamlMappingNode o) throw Bad(file, "an entry of outs is not a mapping");
            result.Add(ParseOutput(o, file, OutKeys));
        }
        return result;
    }

    /// <summary>Parses one output or dependency entry (shared with <c>dvc.lock</c>).</summary>
    public static DataOutput ParseOutput(YamlMappingNode o, string file, IReadOnlySet<string> allowed)
    {
        string? Get(string k) => o.Children.TryGetValue(k, out var v) && v is YamlScalarNode s ? s.Value : null;
        foreach (var key in o.Children.Keys.Select(k => k.ToString()))
            if (!allowed.Contains(key)) throw Bad(file, $"an output has the unknown field '{key}'");
        var path = Get("path") ?? throw Bad(file, "an output has no path");
        var hash = Get("hash");
        if (hash is null) throw Bad(file, $"output '{path}' has no 'hash: md5' (written by DVC 2, which hashes text as md5-dos2unix); upgrade it with `dvc cache migrate --dvc-files` or add the data again");
        if (hash != "md5") throw Bad(file, $"output '{path}' uses hash type '{hash}'; only md5 (DVC 3) is supported; add the data again with `mlnb data add`");
        var md5 = Get("md5") ?? throw Bad(file, $"output '{path}' has no md5; run `mlnb data add {path}`");
        var hex = md5.EndsWith(".dir", StringComparison.Ordinal) ? md5[..^4] : md5;
        if (hex.Length != 32 || !hex.All(char.IsAsciiHexDigitLower)) throw Bad(file, $"output '{path}' has md5 '{md5}', which is not an md5");
        DirManifest.ValidateRelPath(path, $"'{file}'");
        long.TryParse(Get("size"), out var size);
        int? nfiles = int.TryParse(Get("nfiles"), out var n) ? n : null;
        return new DataOutput(path, md5, size, nfiles);
    }

    private static MlnbException Bad(string file, string why) => new(ErrorCode.DataCorrupted, $"'{file}' cannot be read: {why}");
}
