using System.Text.Json.Nodes;
using MlNotebooks.Server.Tests.Support;

namespace MlNotebooks.Server.Tests.Auth;

/// <summary>The Usage page's API on a server with --auth: a token is needed, and a user sees the runs of experiments they may read only.</summary>
public sealed class UsageApiAuthTests(AuthServerFixture server) : IClassFixture<AuthServerFixture>
{
    [Fact]
    public async Task Usage_CountsOnlyRunsTheCallerMayRead_AndNeedsAToken()
    {
        var alice = server.As("alice");
        var shared = (await alice.PostAsync("/api/2.0/mlflow/experiments/create", new JsonObject { ["name"] = ServerFixture.UniqueName("us") })).Ok().Body!["experiment_id"]!.GetValue<string>();
        var hidden = (await alice.PostAsync("/api/2.0/mlflow/experiments/create", new JsonObject { ["name"] = ServerFixture.UniqueName("uh") })).Ok().Body!["experiment_id"]!.GetValue<string>();
        (await alice.PostAsync("/api/2.0/mlflow/experiments/permissions/create", new JsonObject { ["experiment_id"] = hidden, ["username"] = "bob", ["permission"] = "NO_PERMISSIONS" })).Ok();
        var runs = new Dictionary<string, string>();
        foreach (var (experiment, name) in new[] { (shared, "shared-run"), (hidden, "hidden-run") })
        {
            var run = (await alice.PostAsync("/api/2.0/mlflow/runs/create", new JsonObject { ["experiment_id"] = experiment, ["run_name"] = name })).Ok().Body!["run"]!["info"]!["run_id"]!.GetValue<string>();
            (await alice.PostAsync("/api/2.0/mlflow/runs/set-tag", new JsonObject { ["run_id"] = run, ["key"] = "mlnb.usage.cpuSeconds", ["value"] = "1.5" })).Ok();
            runs[name] = run;
        }

        static IEnumerable<string> Ids(JsonNode body) => body["runs"]!.AsArray().Select(r => r!["run_id"]!.GetValue<string>());
        var asAlice = (await alice.GetAsync("/api/2.0/mlnb/ui/usage", ("user", "alice"))).Ok().Body!;
        Assert.Contains(runs["shared-run"], Ids(asAlice));
        Assert.Contains(runs["hidden-run"], Ids(asAlice));
        var asBob = (await server.As("bob").GetAsync("/api/2.0/mlnb/ui/usage", ("user", "alice"))).Ok().Body!;
        Assert.Contains(runs["shared-run"], Ids(asBob));
        Assert.DoesNotContain(runs["hidden-run"], Ids(asBob));
        // Bob's total for alice is what he may see: her runs outside the hidden experiment.
        var aliceForBob = asBob["users"]!.AsArray().Single(u => u!["user"]!.GetValue<string>() == "alice")!;
        Assert.Equal(Ids(asBob).Count(), aliceForBob["runs"]!.GetValue<int>());
        Assert.Equal(1.5 * aliceForBob["runs"]!.GetValue<int>(), aliceForBob["cpu_seconds"]!.GetValue<double>(), 3);

        (await server.Anonymous.GetAsync("/api/2.0/mlnb/ui/usage")).Error(401, "UNAUTHENTICATED");
        (await alice.GetAsync("/api/2.0/mlnb/ui/usage", ("since", "last tuesday"))).Error(400, "INVALID_PARAMETER_VALUE");
    }
}
