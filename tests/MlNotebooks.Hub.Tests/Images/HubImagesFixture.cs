using MlNotebooks.Hub.Tests.Support;

namespace MlNotebooks.Hub.Tests.Images;

/// <summary>
/// The hub's images, built once with podman from the local bases by <c>hub/images.sh</c> (the mlnb built next to these
/// tests goes in as the published app) and kept: each carries a hash of its inputs and is rebuilt only when they
/// change, so a CI run with unchanged sources builds nothing. Shared by the image and compose tests.
/// </summary>
public sealed class HubImagesFixture : IAsyncLifetime
{
    public static readonly string[] Names = ["singleuser", "hub", "postgres"];

    /// <summary>Image per name (singleuser, hub, postgres).</summary>
    public IReadOnlyDictionary<string, string> Images { get; private set; } = new Dictionary<string, string>();

    public Podman.Result Build { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Build = (await BuildAsync()).Ok("hub/images.sh");
        Images = Build.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => p[1]);
    }

    /// <summary><c>hub/images.sh singleuser hub postgres</c> with this test output's mlnb.</summary>
    public static Task<Podman.Result> BuildAsync() => Podman.ExecAsync("bash", Podman.RepoRoot,
        new Dictionary<string, string?> { ["MLNB_HUB_APP"] = AppContext.BaseDirectory.TrimEnd('/') }, [Path.Combine(Podman.RepoRoot, "hub", "images.sh"), .. Names]);

    public Task DisposeAsync() => Task.CompletedTask; // the images are the cache
}

/// <summary>The test classes that use the hub's images, one after another (podman builds and runs are heavy here).</summary>
[CollectionDefinition(Name)]
public sealed class HubImagesCollection : ICollectionFixture<HubImagesFixture>
{
    public const string Name = "hub images";
}
