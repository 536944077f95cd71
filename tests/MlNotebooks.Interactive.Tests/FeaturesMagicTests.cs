using MlNotebooks.Interactive.Tests.Support;

namespace MlNotebooks.Interactive.Tests;

/// <summary><c>#!features</c> in a real kernel: help on load and bad lines. The end-to-end run (through the mlnb child process)
/// is notebooks/curriculum/project-2-feature-store.ipynb, executed by the notebook CI test.</summary>
[Collection(KernelCollection.Name)]
public sealed class FeaturesMagicTests(KernelFixture k)
{
    [Fact]
    public void Loading_ShowsHelpNamingEverySubcommand()
    {
        var help = k.LoadEvents.Displayed("text/markdown");
        foreach (var sub in new[] { "apply", "materialize", "materialize-incremental", "get-online", "get-historical", "profile", "drift" })
            Assert.Contains($"#!features {sub}", help);
    }

    [Fact]
    public async Task WithoutSubcommand_FailsListingThem()
    {
        var events = await k.SubmitAsync("#!features");
        Assert.StartsWith("#!features needs a subcommand; use one of: apply, materialize, materialize-incremental, get-online, get-historical, profile, drift", events.Failure());
    }

    [Fact]
    public async Task UnknownOption_FailsBeforeAnythingRuns()
    {
        var events = await k.SubmitAsync("#!features get-online --feature daily:temp_max --entity city=seattle");
        Assert.Contains("--feature", events.Failure());
    }
}
