using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Server.Tests.Auth;

/// <summary>
/// Debian's JupyterHub 3.0 on 127.0.0.1 (dummy authenticator, its proxy on free ports), with an admin service token
/// that creates hub users and their API tokens, as a hub admin would. Stopped with its proxy when disposed.
/// </summary>
public sealed class RealJupyterHub : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private Process? _hub;
    private readonly string _serviceToken = Guid.NewGuid().ToString("N");

    /// <summary>The hub API, e.g. http://127.0.0.1:PORT/hub/api.</summary>
    public string ApiUrl { get; private set; } = "";

    private HttpClient Admin { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync()
    {
        int proxy = FreePort(), proxyApi = FreePort(), hub = FreePort();
        var config = _dir.File("jupyterhub_config.py");
        await File.WriteAllTextAsync(config, $$"""
            c.JupyterHub.ip = '127.0.0.1'
            c.JupyterHub.port = {{proxy}}
            c.JupyterHub.hub_ip = '127.0.0.1'
            c.JupyterHub.hub_port = {{hub}}
            c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{{proxyApi}}'
            c.JupyterHub.authenticator_class = 'dummy'
            c.JupyterHub.db_url = 'sqlite:///{{_dir.File("hub.sqlite")}}'
            c.JupyterHub.cookie_secret_file = '{{_dir.File("cookie_secret")}}'
            c.JupyterHub.pid_file = '{{_dir.File("hub.pid")}}'
            c.JupyterHub.services = [{'name': 'mlnb-test', 'api_token': '{{_serviceToken}}'}]
            c.JupyterHub.load_roles = [{'name': 'mlnb-test-admin', 'scopes': ['admin:users', 'tokens', 'list:users', 'read:hub'], 'services': ['mlnb-test']}]
            """);
        var psi = new ProcessStartInfo("jupyterhub", ["-f", config]) { WorkingDirectory = _dir.Path, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        // Debian's configurable-http-proxy finds its Node modules only with this (see ENVIRONMENT.md).
        psi.Environment["NODE_PATH"] = "/usr/share/nodejs:/usr/lib/nodejs";
        _hub = Process.Start(psi)!;
        var log = new StringBuilder();
        _hub.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        _hub.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        _hub.BeginErrorReadLine();
        _hub.BeginOutputReadLine();
        ApiUrl = $"http://127.0.0.1:{hub}/hub/api";
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("token", _serviceToken);
        for (var i = 0; i < 300; i++)
        {
            if (_hub.HasExited) break;
            try
            {
                if ((await Admin.GetAsync(ApiUrl + "/")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        string text;
        lock (log) text = log.ToString();
        throw new InvalidOperationException($"JupyterHub did not answer at {ApiUrl} within 30 s (install it with `apt-get install jupyterhub`; scripts/deps/apt-server.txt lists it). Its log:\n{text}");
    }

    /// <summary>Creates a hub user (admin or not) and an API token for it, as the admin service.</summary>
    public async Task<string> UserTokenAsync(string name, bool admin)
    {
        var created = await Admin.PostAsync($"{ApiUrl}/users/{name}", new StringContent(new JsonObject { ["admin"] = admin }.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.True(created.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"creating hub user {name}: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        var token = await Admin.PostAsync($"{ApiUrl}/users/{name}/tokens", new StringContent("""{"note": "mlnb test"}""", Encoding.UTF8, "application/json"));
        var body = await token.Content.ReadAsStringAsync();
        Assert.True(token.IsSuccessStatusCode, $"creating a token for {name}: {(int)token.StatusCode} {body}");
        return JsonNode.Parse(body)!["token"]!.GetValue<string>();
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        if (_hub is { HasExited: false })
        {
            _hub.Kill(entireProcessTree: true);
            await _hub.WaitForExitAsync();
        }
        _hub?.Dispose();
        _dir.Dispose();
    }
}
