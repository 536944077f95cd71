using MlNotebooks.Server;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Server.Tests.Tracking;

public sealed class ServerLifecycleTests
{
    [Fact]
    public async Task PortZero_BindsAFreePort_AndAnswersHealth()
    {
        using var dir = new TempDir();
        await using var server = await TrackingServer.StartAsync(new ServerOptions
        {
            Port = 0, TrackingUri = StoreFactory.SqliteUri(dir), ContentRoot = dir.File("cache"), Environment = _ => null,
        });
        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
        Assert.NotEqual(0, server.BaseAddress.Port);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        Assert.Equal("OK", await http.GetStringAsync("/health"));
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("192.168.1.5")]
    public void NonLoopbackHost_WithoutAuth_IsRefusedWithTheFix(string host)
    {
        var e = Assert.Throws<MlnbException>(() => new ServerOptions { Host = host }.Validate());
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Contains("--auth", e.Message);
    }

    [Fact]
    public void NonLoopbackHost_WithAuth_IsAllowed() => new ServerOptions { Host = "0.0.0.0", Auth = true }.Validate();
}
