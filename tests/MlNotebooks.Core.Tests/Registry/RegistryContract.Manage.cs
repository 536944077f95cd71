using MlNotebooks.Registry;

namespace MlNotebooks.Tests.Registry;

public abstract partial class RegistryContract
{
    [Fact]
    public async Task Rename_CarriesVersionsAliasesGatesApprovalsAndAudit()
    {
        await RegisterAsync(0.9);
        await Registry.SetGatesAsync("churn", "production", ["approvals >= 1"]);
        await Registry.ApproveAsync("churn", 1, "production", "ok");
        await Registry.PromoteAsync("churn", 1, "production");
        var renamed = await Registry.RenameModelAsync("churn", "churn-v2");
        Assert.Equal(1, renamed.Aliases["production"]);
        Assert.Equal(["approvals >= 1"], (await Registry.GetGatesAsync("churn-v2"))["production"]);
        Assert.Single(await Registry.Store.ListApprovalsAsync("churn-v2", 1, "production"));
        Assert.Equal("model_renamed", (await Registry.GetAuditLogAsync("churn-v2"))[^1].Action);
        Assert.Null(await Registry.Store.GetRegisteredModelAsync("churn"));
        Assert.Equal(ErrorCode.ResourceAlreadyExists, (await Assert.ThrowsAsync<MlnbException>(() => Registry.CreateModelAsync("x").ContinueWith(_ => Registry.RenameModelAsync("churn-v2", "x")).Unwrap())).Code);
    }

    [Fact]
    public async Task DeleteVersion_DropsItsAliasesAndItsPlaceInTheirHistory_DeleteModel_DropsEverything()
    {
        await RegisterAsync(0.9);
        await RegisterAsync(0.95);
        await Registry.PromoteAsync("churn", 1, "staging");
        await Registry.PromoteAsync("churn", 2, "staging");
        await Registry.DeleteVersionAsync("churn", 2);
        Assert.Empty((await Registry.GetModelAsync("churn")).Aliases);
        Assert.Equal([1], await Registry.GetAliasHistoryAsync("churn", "staging"));
        Assert.Equal([1], (await Registry.ListVersionsAsync("churn")).Select(v => v.Version));
        await Registry.DeleteModelAsync("churn");
        Assert.Null(await Registry.Store.GetRegisteredModelAsync("churn"));
        await Registry.CreateModelAsync("churn");
        Assert.Empty(await Registry.ListVersionsAsync("churn"));
    }

    [Fact]
    public async Task ProtectedAliases_GuardDeletesToo()
    {
        await RegisterAsync(0.9);
        await Registry.PromoteAsync("churn", 1, "production");
        var dev = As("dev", RegistryRoles.Parse("promoter=ops"));
        Assert.Equal(ErrorCode.PermissionDenied, (await Assert.ThrowsAsync<MlnbException>(() => dev.DeleteAliasAsync("churn", "production"))).Code);
        Assert.Equal(ErrorCode.PermissionDenied, (await Assert.ThrowsAsync<MlnbException>(() => dev.DeleteVersionAsync("churn", 1))).Code);
        Assert.Equal(ErrorCode.PermissionDenied, (await Assert.ThrowsAsync<MlnbException>(() => dev.DeleteModelAsync("churn"))).Code);
        await Registry.DeleteAliasAsync("churn", "production");
        Assert.Empty((await Registry.GetModelAsync("churn")).Aliases);
    }

    [Fact]
    public async Task SearchModelsAndVersions_Filter()
    {
        await RegisterAsync(0.9, "churn-a");
        await RegisterAsync(0.8, "churn-b");
        await RegisterAsync(0.7, "fraud");
        Assert.Equal(["churn-a", "churn-b"], (await Registry.SearchModelsAsync("name LIKE 'churn%'", null, 100, null)).Items.Select(m => m.Name));
        Assert.Equal(["churn-b"], (await Registry.SearchModelsAsync("name LIKE 'churn%'", null, 100, null, n => n != "churn-a")).Items.Select(m => m.Name));
        var v = (await Registry.SearchVersionsAsync("name = 'fraud'", null, 100, null)).Items;
        Assert.Equal("fraud", Assert.Single(v).Name);
        Assert.Equal(ErrorCode.InvalidParameterValue, (await Assert.ThrowsAsync<MlnbException>(() => Registry.SearchModelsAsync("name = ", null, 100, null))).Code);
    }
}
