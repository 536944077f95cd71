using MlNotebooks.Server.Mlflow;

namespace MlNotebooks.Server.Tests.Mlflow;

public sealed class RouteTableTests
{
    [Fact]
    public void EveryRow_DeclaresAnAccess_WithAFieldWhenItNamesAResource()
    {
        Assert.NotEmpty(RouteTable.All);
        foreach (var row in RouteTable.All)
        {
            Assert.True(row.Access is not null, $"{row.Method} {row.Path} declares no Access");
            var namesResource = row.Access!.Scope is not (AccessScope.Public or AccessScope.Authenticated or AccessScope.Admin);
            Assert.True(namesResource == (row.Access.Field is not null), $"{row}: a resource scope needs a field, the others none");
            Assert.True(namesResource == (row.Access.Permission != Permission.NoPermissions), $"{row}: a resource scope needs a permission level");
        }
    }

    [Fact]
    public void NoTwoRows_ShareAMethodAndPath()
    {
        var dupes = RouteTable.All.GroupBy(r => (r.Method, r.Path)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(dupes);
    }
}
