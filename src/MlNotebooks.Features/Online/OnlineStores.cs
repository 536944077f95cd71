namespace MlNotebooks.Features.Online;

/// <summary>Opens the online store the definitions name.</summary>
internal static class OnlineStores
{
    public static IOnlineStore Open(FeatureRepo repo, string stateDirectory) => (repo.OnlineStore?.Type ?? "sqlite") switch
    {
        "redis" => new RedisOnlineStore(repo.OnlineStore!.ConnectionString!),
        _ => new SqliteOnlineStore(repo.OnlineStore?.Path ?? Path.Combine(stateDirectory, "online.db")),
    };
}
