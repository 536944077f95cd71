using System.Text;
using YamlDotNet.RepresentationModel;

namespace MlNotebooks.Data.Pipelines;

/// <summary>Reads and writes <c>dvc.lock</c> (schema 2.0) as DVC 3 does: <c>path, hash, md5, size, nfiles</c> per entry.</summary>
internal static class LockFile
{
    public const string FileName = "dvc.lock";

    private static readonly HashSet<string> EntryKeys = ["path", "hash", "md5", "size", "nfiles", "isexec"];

    public static Dictionary<string, LockedStage> Parse(string text, string file)
    {
        var root = DataClient.LoadYamlMapping(text, file);
        var result = new Dictionary<string, LockedStage>(StringComparer.Ordinal);
        if (root.Children.TryGetValue("schema", out var schema) && schema.ToString() != "2.0")
            throw new MlnbException(ErrorCode.DataCorrupted, $"'{file}' has schema '{schema}'; only schema 2.0 (DVC 2 and 3) is supported; regenerate it with `mlnb repro`");
        if (!root.Children.TryGetValue("stages", out var stagesNode) || stagesNode is not YamlMappingNode stages) return result;
        foreach (var (k, v) in stages.Children)
        {
            if (v is not YamlMappingNode s) throw new MlnbException(ErrorCode.DataCorrupted, $"'{file}': stage '{k}' is not a mapping; regenerate it with `mlnb repro`");
            string cmd = s.Children.TryGetValue("cmd", out var c) ? c is YamlSequenceNode seq ? string.Join(" && ", seq.Select(x => x.ToString())) : c.ToString() : "";
            var deps = Entries(s, "deps", file);
            var outs = Entries(s, "outs", file);
            var ps = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
            if (s.Children.TryGetValue("params", out var pn) && pn is YamlMappingNode pm)
                foreach (var (pf, pv) in pm.Children)
                    ps[pf.ToString()] = pv is YamlMappingNode kv ? kv.Children.ToDictionary(x => x.Key.ToString(), x => ParamValues.Render(x.Value), StringComparer.Ordinal) : new Dictionary<string, string>();
            result[k.ToString()] = new LockedStage(cmd, deps, ps, outs);
        }
        return result;
    }

    private static List<DataOutput> Entries(YamlMappingNode stage, string key, string file)
    {
        var list = new List<DataOutput>();
        if (!stage.Children.TryGetValue(key, out var node)) return list;
        if (node is not YamlSequenceNode seq) throw new MlnbException(ErrorCode.DataCorrupted, $"'{file}': {key} is not a list; regenerate it with `mlnb repro`");
        foreach (var e in seq)
            if (e is YamlMappingNode m) list.Add(DvcFile.ParseOutput(m, file, EntryKeys));
        return list;
    }

    public static string Write(IEnumerable<(string Name, LockedStage Stage)> stages)
    {
        var sb = new StringBuilder("schema: '2.0'\nstages:\n");
        foreach (var (name, s) in stages)
        {
            sb.Append("  ").Append(YamlText.Scalar(name)).Append(":\n");
            sb.Append("    cmd: ").Append(YamlText.Scalar(s.Cmd)).Append('\n');
            if (s.Deps.Count > 0)
            {
                sb.Append("    deps:\n");
                foreach (var d in s.Deps) DvcFile.AppendOutput(sb, d, "    - ", "      ", pathFirst: true);
            }
            if (s.Params.Count > 0)
            {
                sb.Append("    params:\n");
                foreach (var (f, kv) in s.Params)
                {
                    sb.Append("      ").Append(YamlText.Scalar(f)).Append(":\n");
                    foreach (var (k, v) in kv) sb.Append("        ").Append(YamlText.Scalar(k)).Append(": ").Append(v).Append('\n');
                }
            }
            if (s.Outs.Count > 0)
            {
                sb.Append("    outs:\n");
                foreach (var o in s.Outs) DvcFile.AppendOutput(sb, o, "    - ", "      ", pathFirst: true);
            }
        }
        return sb.ToString();
    }
}
