using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Features;

/// <summary><c>mlnb features apply</c>.</summary>
internal sealed class FeaturesApplyCommand : AsyncCommand<FeaturesSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, FeaturesSettings s, CancellationToken ct)
    {
        var (store, workspace) = await FeaturesCli.OpenAsync(s, ct).ConfigureAwait(false);
        await using var _ = workspace;
        using (store)
        {
            var state = store.Apply();
            foreach (var e in store.Repo.Entities) Console.WriteLine($"Registered entity {e.Name} (join keys: {string.Join(", ", e.JoinKeys)})");
            foreach (var v in store.Repo.FeatureViews)
            {
                var version = state.FeatureViews[v.Name].DataVersion is { } md5 ? "data version " + md5[..8] : "untracked";
                Console.WriteLine($"Registered feature view {v.Name} ({v.Schema.Count} features, ttl {MlNotebooks.Features.Durations.Format(v.Ttl)}, {store.Repo.SourceOf(v).Path}, {version})");
            }
            foreach (var f in store.Repo.Services) Console.WriteLine($"Registered feature service {f.Name}");
            Console.WriteLine($"Online store: {store.OnlineStore.Describe}");
        }
        return 0;
    }
}
