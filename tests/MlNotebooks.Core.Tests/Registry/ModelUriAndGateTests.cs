using MlNotebooks.Registry;

namespace MlNotebooks.Tests.Registry;

public sealed class ModelUriAndGateTests
{
    [Theory]
    [InlineData("models:/churn@production", "churn", "production", null)]
    [InlineData("models:/churn/3", "churn", null, 3)]
    [InlineData("models:/a.b-c@staging", "a.b-c", "staging", null)]
    public void ModelUri_ParsesAliasAndVersionForms(string uri, string name, string? alias, int? version)
    {
        var u = ModelUri.Parse(uri);
        Assert.Equal((name, alias, version), (u.Name, u.Alias, u.Version));
        Assert.Equal(uri, u.ToString());
    }

    [Theory]
    [InlineData("churn")]
    [InlineData("models:/churn")]
    [InlineData("models:/churn/0")]
    [InlineData("runs:/abc/model")]
    public void ModelUri_Invalid_ShowsBothForms(string uri)
    {
        var e = Assert.Throws<MlnbException>(() => ModelUri.Parse(uri));
        Assert.Contains("models:/NAME@ALIAS", e.Message);
    }

    [Fact]
    public void Gate_ParsesTheThreeForms()
    {
        var t = PromotionGate.Parse("metrics.auc >= 0.95");
        Assert.Equal((GateKind.MetricThreshold, "auc", ">=", 0.95), (t.Kind, t.Metric, t.Operator, t.Value));
        var c = PromotionGate.Parse("metrics.val_loss <= @production + 0.02");
        Assert.Equal((GateKind.NotWorseThanAlias, "val_loss", "<=", 0.02, "production"), (c.Kind, c.Metric, c.Operator, c.Value, c.BaselineAlias));
        var a = PromotionGate.Parse("approvals >= 2");
        Assert.Equal((GateKind.Approvals, 2.0), (a.Kind, a.Value));
    }

    [Fact]
    public void Gate_NotUnderstood_ShowsTheAcceptedForms()
    {
        var e = Assert.Throws<MlnbException>(() => PromotionGate.Parse("auc is high"));
        Assert.Contains("'metrics.auc >= 0.95'", e.Message);
    }

    [Fact]
    public void Roles_FromConfiguration_GrantOnlyListedUsers()
    {
        var roles = RegistryRoles.Parse("promoter=alice,bob; approver=carol");
        Assert.True(roles.Has("bob", RegistryRoles.Promoter));
        Assert.False(roles.Has("carol", RegistryRoles.Promoter));
        Assert.True(RegistryRoles.Everyone.Has("anyone", RegistryRoles.Approver));
        Assert.Throws<MlnbException>(() => RegistryRoles.Parse("promoter"));
    }
}
