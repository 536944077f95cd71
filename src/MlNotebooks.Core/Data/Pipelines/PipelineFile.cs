using YamlDotNet.RepresentationModel;

namespace MlNotebooks.Data.Pipelines;

/// <summary>Reads <c>dvc.yaml</c>: <c>stages: {NAME: {cmd, deps, params, outs, metrics}}</c>.</summary>
internal static class PipelineFile
{
    public const string FileName = "dvc.yaml";

    private static readonly HashSet<string> StageKeys = ["cmd", "deps", "params", "outs", "metrics", "desc", "always_changed", "meta", "frozen"];

    public static IReadOnlyList<PipelineStage> Parse(string text, string file)
    {
        var root = DataClient.LoadYamlMapping(text, file);
        if (!root.Children.TryGetValue("stages", out var sn) || sn is not YamlMappingNode stages)
            throw new MlnbException(ErrorCode.DataCorrupted, $"'{file}' has no 'stages:' mapping; see https://dvc.org/doc/user-guide/project-structure/dvcyaml-files");
        var result = new List<PipelineStage>();
        foreach (var (k, v) in stages.Children)
        {
            var name = k.ToString();
            if (v is not YamlMappingNode s) throw Bad(file, name, "is not a mapping");
            foreach (var key in s.Children.Keys.Select(x => x.ToString()))
            {
                if (key is "foreach" or "matrix" or "do" or "wdir" or "vars") throw Bad(file, name, $"uses '{key}', which this version does not support; write the stage out in full");
                if (!StageKeys.Contains(key)) throw Bad(file, name, $"has the unknown field '{key}' (expected cmd, deps, params, outs, metrics)");
            }
            if (!s.Children.TryGetValue("cmd", out var cmdNode)) throw Bad(file, name, "has no cmd");
            var cmd = cmdNode is YamlSequenceNode seq ? string.Join(" && ", seq.Select(x => x.ToString())) : cmdNode.ToString();
            var deps = Strings(s, "deps", file, name);
            var ps = new List<StageParam>();
            if (s.Children.TryGetValue("params", out var pn))
            {
                if (pn is not YamlSequenceNode pl) throw Bad(file, name, "params is not a list");
                foreach (var p in pl)
                {
                    if (p is YamlScalarNode ps1) ps.Add(new StageParam(ParamValues.DefaultFile, ps1.Value!));
                    else if (p is YamlMappingNode pm)
                        foreach (var (pf, keys) in pm.Children)
                        {
                            if (keys is not YamlSequenceNode ks) throw Bad(file, name, $"params for '{pf}' is not a list of keys");
                            ps.AddRange(ks.Select(x => new StageParam(pf.ToString(), x.ToString())));
                        }
                }
            }
            var outs = Outputs(s, "outs", file, name, false).Concat(Outputs(s, "metrics", file, name, true)).ToList();
            result.Add(new PipelineStage(name, cmd, deps, ps, outs));
        }
        return result;
    }

    private static List<string> Strings(YamlMappingNode s, string key, string file, string stage)
    {
        if (!s.Children.TryGetValue(key, out var n)) return [];
        if (n is not YamlSequenceNode seq) throw Bad(file, stage, $"{key} is not a list");
        return seq.Select(x => Clean(x.ToString(), file, stage)).ToList();
    }

    private static IEnumerable<StageOutput> Outputs(YamlMappingNode s, string key, string file, string stage, bool metric)
    {
        if (!s.Children.TryGetValue(key, out var n)) yield break;
        if (n is not YamlSequenceNode seq) throw Bad(file, stage, $"{key} is not a list");
        foreach (var o in seq)
        {
            if (o is YamlScalarNode sc) yield return new StageOutput(Clean(sc.Value!, file, stage), true, metric);
            else if (o is YamlMappingNode m)
                foreach (var (p, opts) in m.Children)
                {
                    var cache = !(opts is YamlMappingNode om && om.Children.TryGetValue("cache", out var c) && c.ToString() is "false" or "False");
                    yield return new StageOutput(Clean(p.ToString(), file, stage), cache, metric);
                }
        }
    }

    private static string Clean(string path, string file, string stage)
    {
        var p = path.Replace('\\', '/').TrimEnd('/');
        if (p.StartsWith("./", StringComparison.Ordinal)) p = p[2..];
        DirManifest.ValidateRelPath(p, $"'{file}' stage '{stage}'");
        return p;
    }

    private static MlnbException Bad(string file, string stage, string why) => new(ErrorCode.DataCorrupted, $"'{file}': stage '{stage}' {why}");
}
