using System.ComponentModel;
using System.Globalization;
using MlNotebooks.Features.Monitoring;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Features;

/// <summary><c>mlnb features profile VIEW</c>: profiles the view's source at its data version (once per version), or lists the profiles.</summary>
internal sealed class FeaturesProfileCommand : AsyncCommand<FeaturesProfileCommand.Settings>
{
    public sealed class Settings : FeaturesSettings
    {
        [CommandArgument(0, "<VIEW>")]
        [Description("The feature view")]
        public string View { get; init; } = "";

        [CommandOption("--list")]
        [Description("List the profiled versions instead of profiling the current one")]
        public bool List { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        var (store, workspace) = await FeaturesCli.OpenAsync(s, ct).ConfigureAwait(false);
        await using var _ = workspace;
        using (store)
        {
            if (s.List)
            {
                var all = store.Profiles(s.View);
                if (all.Count == 0) Console.WriteLine($"{s.View}: no profiles yet; run `mlnb features profile {s.View}`");
                foreach (var p in all) Console.WriteLine($"{p.DataVersion[..8]}  {p.ProfiledAt:yyyy-MM-ddTHH:mm:ssZ}  {p.Rows} rows  {p.Source}");
                return 0;
            }
            var (profile, created) = store.ProfileView(s.View);
            Console.WriteLine(created
                ? $"Profiled {profile.View} at data version {profile.DataVersion[..8]} ({profile.Rows} rows of {profile.Source})"
                : $"{profile.View} at data version {profile.DataVersion[..8]} was profiled already ({profile.ProfiledAt:yyyy-MM-ddTHH:mm:ssZ}); the source has not changed");
            Print(profile);
        }
        return 0;
    }

    private static void Print(FeatureProfile p)
    {
        static string N(double? v) => v is { } d ? d.ToString("G5", CultureInfo.InvariantCulture) : "-";
        Console.WriteLine($"  {"feature",-16} {"kind",-12} {"nulls",6} {"mean",10} {"std",10} {"min",10} {"p50",10} {"max",10} {"distinct",8}  top");
        foreach (var f in p.Features)
            Console.WriteLine($"  {f.Name,-16} {f.Kind,-12} {f.Nulls,6} {N(f.Mean),10} {N(f.Std),10} {N(f.Min),10} {N(f.P50),10} {N(f.Max),10} {f.Distinct,8}  "
                + (f.Top is null ? "" : string.Join(", ", f.Top.Select(kv => $"{kv.Key}={kv.Value}"))));
    }
}
