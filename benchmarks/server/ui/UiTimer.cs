using System.Diagnostics;
using PuppeteerSharp;

namespace MlNotebooks.Benchmarks.ServerUi;

/// <summary>A measured duration, repeated: the first (cold cache) and the median.</summary>
internal sealed record Timing(IReadOnlyList<double> Ms, bool TimedOut = false, double Limit = 0, string? Failure = null)
{
    public double First => Ms[0];

    public double Median => Ms.Order().ElementAt(Ms.Count / 2);

    public string Describe() => Failure is not null ? $"failed after {First / 1000:F0} s: {Failure}" : TimedOut ? $"> {Limit / 1000:F0} s (stopped)" : $"{Median,8:F0} ms  [{First:F0} ms]";

    public string Ratio(Timing ours) => Failure is not null ? "n/a" : TimedOut ? $"> {Limit / ours.Median:F0}x slower" : $"{Median / ours.Median:F1}x slower";
}

/// <summary>Times pages of the UI and anchor scripts in fresh tabs of one browser.</summary>
internal sealed class UiTimer(IBrowser browser, Uri baseAddress, int repeat)
{
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(2);

    /// <summary>The page of the last UI measurement (left open for inspection).</summary>
    public IPage? LastPage { get; private set; }

    private async Task<IPage> NewPageAsync()
    {
        var page = await browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1400, Height = 900 });
        page.DefaultTimeout = (int)Wait.TotalMilliseconds;
        return page;
    }

    /// <summary>From navigation to the UI route until <paramref name="selector"/> is in the DOM.</summary>
    public async Task<Timing> MeasureAsync(string hash, string selector)
    {
        var ms = new List<double>();
        for (var i = 0; i < repeat; i++)
        {
            if (LastPage is not null) await LastPage.CloseAsync();
            var page = LastPage = await NewPageAsync();
            var sw = Stopwatch.StartNew();
            await page.GoToAsync(new Uri(baseAddress, "/") + hash);
            await page.WaitForSelectorAsync(selector);
            ms.Add(sw.Elapsed.TotalMilliseconds);
        }
        return new Timing(ms);
    }

    /// <summary>An anchor script run in a tab of the server's origin, stopped after <paramref name="limitSeconds"/>.</summary>
    public async Task<Timing> MeasureScriptAsync(string script, object argument, int limitSeconds = 120)
    {
        var ms = new List<double>();
        for (var i = 0; i < repeat; i++)
        {
            await using var page = await NewPageAsync();
            await page.GoToAsync(new Uri(baseAddress, "/health").ToString());
            var sw = Stopwatch.StartNew();
            var run = page.EvaluateFunctionAsync<int>(script, argument);
            if (await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(limitSeconds))) != run)
                return new Timing([sw.Elapsed.TotalMilliseconds], TimedOut: true, Limit: limitSeconds * 1000.0);
            try
            {
                await run;
            }
            catch (EvaluationFailedException e)
            {
                // Reported, not thrown: an anchor that falls over (a dropped connection under load) is a result too.
                return new Timing([sw.Elapsed.TotalMilliseconds], Failure: e.Message.Split('\n')[0]);
            }
            ms.Add(sw.Elapsed.TotalMilliseconds);
        }
        return new Timing(ms);
    }

    /// <summary>Opens a route, waits for it, and saves a PNG.</summary>
    public async Task ScreenshotAsync(string hash, string selector, string path, bool fullPage = false)
    {
        await using var page = await NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 760 });
        await page.GoToAsync(new Uri(baseAddress, "/") + hash);
        await page.WaitForSelectorAsync(selector);
        await Task.Delay(300);
        await page.ScreenshotAsync(path, new ScreenshotOptions { FullPage = fullPage });
    }
}
