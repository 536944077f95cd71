using System.Text;

namespace MlNotebooks.Data;

/// <summary>
/// DVC's <c>.dvc/config</c> (shared, committed) and <c>.dvc/config.local</c> (secrets, ignored): INI sections such as
/// <c>[core]</c> and <c>['remote "NAME"']</c> with 4-space indented <c>key = value</c> lines, as DVC writes them.
/// </summary>
internal sealed class DvcConfig
{
    private readonly List<(string Section, List<(string Key, string Value)> Values)> _sections = [];

    public static string RemoteSection(string name) => $"'remote \"{name}\"'";

    public static DvcConfig Load(string path)
    {
        var c = new DvcConfig();
        if (!File.Exists(path)) return c;
        List<(string, string)>? current = null;
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith(';')) continue;
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                current = [];
                c._sections.Add((line[1..^1].Trim(), current));
                continue;
            }
            var eq = line.IndexOf('=');
            if (eq <= 0 || current is null) throw new MlnbException(ErrorCode.DataCorrupted, $"'{path}' has the line '{raw.Trim()}', which is not 'key = value' inside a [section]; fix the file");
            current.Add((line[..eq].Trim(), line[(eq + 1)..].Trim()));
        }
        return c;
    }

    public string? Get(string section, string key) =>
        _sections.Where(s => Same(s.Section, section)).SelectMany(s => s.Values).Where(v => v.Key == key).Select(v => v.Value).LastOrDefault();

    public void Set(string section, string key, string value)
    {
        var s = _sections.FirstOrDefault(x => Same(x.Section, section));
        if (s.Values is null)
        {
            s = (section, []);
            _sections.Add(s);
        }
        var i = s.Values.FindIndex(v => v.Key == key);
        if (i >= 0) s.Values[i] = (key, value);
        else s.Values.Add((key, value));
    }

    public IEnumerable<string> RemoteNames() =>
        _sections.Select(s => Unquote(s.Section)).Where(s => s.StartsWith("remote \"", StringComparison.Ordinal) && s.EndsWith('"')).Select(s => s[8..^1]);

    public void Save(string path)
    {
        var sb = new StringBuilder();
        foreach (var (section, values) in _sections)
        {
            sb.Append('[').Append(section).Append("]\n");
            foreach (var (k, v) in values) sb.Append("    ").Append(k).Append(" = ").Append(v).Append('\n');
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    private static bool Same(string a, string b) => Unquote(a) == Unquote(b);

    private static string Unquote(string s) => s.Length >= 2 && s[0] == '\'' && s[^1] == '\'' ? s[1..^1] : s;
}
