using System.Collections.Concurrent;
using MlNotebooks.Server.Tests.Support;
using PuppeteerSharp;

namespace MlNotebooks.Server.Tests.Ui;

/// <summary>
/// One real server over a seeded SQLite workspace and one headless Debian Chromium, shared by a test class. Every
/// page it opens intercepts its requests: anything not addressed to 127.0.0.1 is aborted and recorded, and page
/// errors and console errors are recorded too, so a test can assert the UI stayed local and clean.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private readonly ServerFixture _server = new();
    private IBrowser? _browser;

    /// <summary>The running server.</summary>
    public TrackingServer Server => _server.Server;

    /// <summary>Its workspace (filled through the core).</summary>
    public Workspace Workspace => _server.Workspace;

    /// <summary>What was seeded.</summary>
    public UiSeed.Seeded Seeded { get; private set; } = null!;

    /// <summary>Requests to any host but 127.0.0.1 (aborted), across every page.</summary>
    public ConcurrentQueue<string> ForeignRequests { get; } = new();

    /// <summary>Requests to 127.0.0.1, across every page.</summary>
    public ConcurrentQueue<string> LocalRequests { get; } = new();

    /// <summary>Uncaught page errors and console errors, across every page.</summary>
    public ConcurrentQueue<string> PageErrors { get; } = new();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        Seeded = await UiSeed.FillAsync(Workspace);
        _browser = await Puppeteer.LaunchAsync(Options());
    }

    /// <summary>How the tests and the benchmark start Chromium: Debian's binary, headless, never a downloaded one.</summary>
    public static LaunchOptions Options() => new()
    {
        ExecutablePath = Environment.GetEnvironmentVariable("MLNB_CHROMIUM") ?? "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-quic"],
    };

    /// <summary>A new 1400x900 page whose requests are checked as described above.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var page = await _browser!.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1400, Height = 900 });
        await page.SetRequestInterceptionAsync(true);
        page.Request += async (_, e) =>
        {
            var url = e.Request.Url;
            if (url.StartsWith("data:", StringComparison.Ordinal) || url.StartsWith("blob:", StringComparison.Ordinal) || url == "about:blank")
            {
                await e.Request.ContinueAsync();
                return;
            }
            if (Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Host == "127.0.0.1")
            {
                LocalRequests.Enqueue(url);
                await e.Request.ContinueAsync();
            }
            else
            {
                ForeignRequests.Enqueue(url);
                await e.Request.AbortAsync();
            }
        };
        page.PageError += (_, e) => PageErrors.Enqueue("page error: " + e.Message);
        page.Console += (_, e) =>
        {
            // A 4xx the test provokes on purpose is logged by Chromium as a failed resource; those are asserted where provoked.
            if (e.Message.Type == ConsoleType.Error && !e.Message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
                PageErrors.Enqueue("console: " + e.Message.Text);
        };
        return page;
    }

    /// <summary>The URL of a UI route such as <c>#/runs/ID</c>.</summary>
    public string Url(string hash) => new Uri(Server.BaseAddress, "/").ToString() + hash;

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        await _server.DisposeAsync();
    }
}
