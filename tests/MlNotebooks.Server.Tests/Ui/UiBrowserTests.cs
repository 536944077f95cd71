using MlNotebooks.Tracking;
using PuppeteerSharp;

namespace MlNotebooks.Server.Tests.Ui;

/// <summary>The web UI in headless Chromium against the real server over a seeded workspace.</summary>
public sealed class UiBrowserTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    private const string RunRows = "#runs tbody tr[data-run]";

    private static Task<string[]> ShownRunIdsAsync(IPage page) =>
        page.EvaluateFunctionAsync<string[]>("s => [...document.querySelectorAll(s)].map(r => r.dataset.run)", RunRows);

    private async Task<IPage> OpenAsync(string hash, string waitFor)
    {
        var page = await fx.NewPageAsync();
        await page.GoToAsync(fx.Url(hash));
        await page.WaitForSelectorAsync(waitFor);
        return page;
    }

    [Fact]
    public async Task RunsTable_ListsTheExperimentsRuns_ThenFiltersWithOrAndParentheses()
    {
        await using var page = await OpenAsync($"#/experiments/{fx.Seeded.ExperimentId}", RunRows);
        Assert.Equal(fx.Seeded.RunIds.Order(), (await ShownRunIdsAsync(page)).Order());

        const string filter = "params.optimizer = 'sgd' AND (params.lr = '0.1' OR params.lr = '0.001')";
        var expected = (await fx.Workspace.Tracking.SearchRunsAsync([UiSeed.Experiment], filter)).Items.Select(r => r.RunId).Order().ToList();
        Assert.InRange(expected.Count, 1, fx.Seeded.RunIds.Count - 1);
        await page.TypeAsync("input.filter", filter);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("(s, n) => document.querySelectorAll(s).length === n", RunRows, expected.Count);
        Assert.Equal(expected, (await ShownRunIdsAsync(page)).Order());
        // The filter is in the URL, so the filtered table is linkable.
        Assert.Contains("filter=", await page.EvaluateExpressionAsync<string>("location.hash"));
        Assert.Empty(fx.PageErrors);
    }

    [Fact]
    public async Task Usage_ShowsPerUserAndPerRunFigures_AsMlnbUsageComputesThem_AndFiltersByUserFromTheUrl()
    {
        var (runs, users) = await MlNotebooks.Usage.UsageReport.ComputeAsync(fx.Workspace.Tracking, null, null, TimeProvider.System, default);
        Assert.NotEmpty(users);
        await using var page = await OpenAsync("#/usage", "#usage-users tbody tr[data-user]");
        var shown = await page.EvaluateExpressionAsync<string[][]>(
            "[...document.querySelectorAll('#usage-users tbody tr')].map(r => [...r.children].map(td => td.textContent))");
        Assert.Equal(users.Select(u => new[] { u.User, u.Runs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            u.CpuSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture), u.GpuSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) }),
            shown.Select(r => r[..4]));
        var shownRuns = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#usage-runs tbody tr')].map(r => r.dataset.run)");
        Assert.Equal(runs.Select(r => r.RunId).Order(), shownRuns.Order());
        Assert.Equal("usage", await page.EvaluateExpressionAsync<string>("document.querySelector('.top nav a.active').dataset.nav"));

        // One user's runs only, from a link (the filter is in the URL).
        var user = users[0].User;
        await using var one = await OpenAsync($"#/usage?user={Uri.EscapeDataString(user)}", "#usage-runs tbody tr[data-run]");
        var oneRuns = await one.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#usage-runs tbody tr')].map(r => r.children[1].textContent)");
        Assert.Equal(runs.Count(r => r.User == user), oneRuns.Length);
        Assert.All(oneRuns, u => Assert.Equal(user, u));
        Assert.Empty(fx.PageErrors);
    }

    [Fact]
    public async Task Usage_WithABadSinceDate_SaysWhatIsWrong()
    {
        await using var page = await OpenAsync("#/usage?since=yesterday-ish", ".error");
        var shown = await (await page.QuerySelectorAsync(".error")).EvaluateFunctionAsync<string>("e => e.textContent");
        Assert.Equal("since 'yesterday-ish' is not a date; give e.g. 2026-12-01 or 2026-12-01T09:00Z", shown);
    }

    [Fact]
    public async Task RunsTable_ShowsTheServersMessage_WhenTheFilterIsBad()
    {
        await using var page = await OpenAsync($"#/experiments/{fx.Seeded.ExperimentId}", RunRows);
        await page.TypeAsync("input.filter", "metrics.loss >>> 1");
        await page.Keyboard.PressAsync("Enter");
        var shown = await (await page.WaitForSelectorAsync(".error")).EvaluateFunctionAsync<string>("e => e.textContent");
        using var http = new HttpClient { BaseAddress = fx.Server.BaseAddress };
        var response = await http.GetAsync("ajax-api/2.0/mlnb/ui/runs-table?experiment_id=" + fx.Seeded.ExperimentId + "&filter=" + Uri.EscapeDataString("metrics.loss >>> 1"));
        var message = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString();
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(message, shown);
    }

    [Fact]
    public async Task Chart_DrawsOneCurvePerRun_WithEveryPoint_AndASmoothedCurveOverAFaintRawOne()
    {
        var runs = fx.Seeded.RunIds.Take(3).ToList();
        await using var page = await OpenAsync($"#/chart?runs={string.Join(',', runs)}&key=loss", "#chart [data-drawn]");
        var history = await fx.Workspace.Tracking.GetMetricHistoryAsync(runs[0], "loss");
        // Each curve is one SVG path; its vertices are the points drawn.
        var vertices = await page.EvaluateExpressionAsync<int[]>(
            "[...document.querySelectorAll('#chart .scatterlayer .trace path.js-line')].map(p => (p.getAttribute('d').match(/[ML]/g) || []).length)");
        Assert.Equal([history.Count, history.Count, history.Count], vertices);

        await page.EvaluateExpressionAsync("(() => { const r = document.querySelector('input[type=range]'); r.value = '0.8'; r.dispatchEvent(new Event('input')); })()");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#chart .scatterlayer .trace').length === 6");
        var opacities = await page.EvaluateExpressionAsync<double[]>("[...document.querySelectorAll('#chart .scatterlayer .trace')].map(t => Number(getComputedStyle(t).opacity))");
        Assert.Equal(3, opacities.Count(o => o < 0.5));
        Assert.Empty(fx.PageErrors);
    }

    [Fact]
    public async Task Compare_ShowsOnlyTheFieldsThatDiffer_UntilAskedForAll()
    {
        var ids = fx.Seeded.RunIds.Take(2).ToList();
        var runs = new List<Run>();
        foreach (var id in ids) runs.Add(await fx.Workspace.Tracking.GetRunAsync(id));
        var rows = RunComparison.Create(runs).Rows;
        await using var page = await OpenAsync($"#/compare?runs={string.Join(',', ids)}", "#compare tbody tr[data-field]");
        var shown = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#compare tbody tr[data-field]')].map(r => r.dataset.field)");
        Assert.Equal(rows.Where(r => r.Differs).Select(r => r.Label).Order(), shown.Order());
        Assert.Contains(rows, r => !r.Differs);

        await page.ClickAsync("#only-diff");
        await page.WaitForFunctionAsync("n => document.querySelectorAll('#compare tbody tr[data-field]').length === n", rows.Count);
        var all = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#compare tbody tr[data-field]')].map(r => r.dataset.field)");
        Assert.Equal(rows.Select(r => r.Label).Order(), all.Order());
    }

    [Fact]
    public async Task RunPage_PreviewsTextCsvAndImageArtifacts()
    {
        // The first previewable file (by path) opens by itself: JSON, pretty-printed.
        await using var page = await OpenAsync($"#/runs/{fx.Seeded.ArtifactRunId}", "#artifact-preview pre.json");
        Assert.Contains("\n  \"auc\": 0.9714,\n", await page.EvaluateExpressionAsync<string>("document.querySelector('#artifact-preview pre').textContent"));

        await page.ClickAsync("a[data-path='notes.txt']");
        await page.WaitForFunctionAsync("() => (document.querySelector('#artifact-preview pre') || {}).textContent?.includes('Trained on churn.csv')");

        await page.ClickAsync("a[data-path='eval/predictions.csv']");
        await page.WaitForSelectorAsync("#artifact-preview table.csv");
        var cells = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#artifact-preview table.csv tbody tr')].map(r => r.cells[0].textContent + '=' + r.cells[1].textContent)");
        Assert.Equal(["C-1001=0.91", "C-1002=0.07", "C-1003=0.55"], cells);

        await page.ClickAsync("a[data-path='plots/loss.png']");
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('#artifact-preview img'); return i && i.complete && i.naturalWidth > 0; }");
        Assert.Equal(40, await page.EvaluateExpressionAsync<int>("document.querySelector('#artifact-preview img').naturalWidth"));
        Assert.Empty(fx.PageErrors);
    }

    [Fact]
    public async Task ModelPage_ShowsVersionsAliasesGatesApprovalsAndAudit()
    {
        await using var page = await OpenAsync($"#/models/{UiSeed.Model}", "#versions tbody tr");
        var audit = await fx.Workspace.Registry.GetAuditLogAsync(UiSeed.Model);
        var counts = await page.EvaluateExpressionAsync<int[]>(
            "['#versions', '#aliases', '#gates', '#approvals', '#audit'].map(s => document.querySelectorAll(s + ' tbody tr').length)");
        Assert.Equal([2, 1, 1, 2, audit.Count], counts);
        Assert.Contains("v1 → v2", await page.EvaluateExpressionAsync<string>("document.querySelector('#aliases tbody').textContent"));
    }

    [Fact]
    public async Task RollbackButton_MovesTheAliasBack_ThroughTheRegistryRoute()
    {
        var registry = fx.Workspace.Registry;
        const string model = "churn-rollback";
        await registry.RegisterAsync(fx.Seeded.RunIds[0], "model", model);
        await registry.RegisterAsync(fx.Seeded.RunIds[1], "model", model);
        await registry.PromoteAsync(model, 1, "staging", "first");
        await registry.PromoteAsync(model, 2, "staging", "second");
        await using var page = await OpenAsync($"#/models/{model}", "#aliases button.danger");
        page.Dialog += async (_, e) => await e.Dialog.Accept("bad metrics in canary");
        await page.ClickAsync("#aliases button.danger");
        await page.WaitForFunctionAsync("() => document.querySelector('#aliases tbody td:nth-child(2)')?.textContent === 'v1'");
        Assert.Equal(1, (await registry.GetModelAsync(model)).Aliases["staging"]);
        var audit = await registry.GetAuditLogAsync(model);
        Assert.Contains(audit, a => a.Action == MlNotebooks.Registry.AuditActions.Rollback && a.Reason == "bad metrics in canary");
        Assert.Empty(fx.PageErrors);
    }

    [Fact]
    public async Task EveryPage_LoadsOnlyFrom127001()
    {
        var ids = fx.Seeded.RunIds;
        string[] pages = [
            $"#/experiments/{fx.Seeded.ExperimentId}|{RunRows}",
            $"#/runs/{fx.Seeded.ArtifactRunId}|.chartbox[data-drawn]",
            $"#/compare?runs={ids[0]},{ids[1]},{ids[2]}|.chartbox[data-drawn]",
            $"#/chart?runs={ids[0]},{ids[1]}&key=val_loss|#chart [data-drawn]",
            "#/models|#models tbody tr",
            $"#/models/{UiSeed.Model}|#audit tbody tr",
        ];
        foreach (var p in pages)
        {
            var parts = p.Split('|');
            await using var page = await OpenAsync(parts[0], parts[1]);
        }
        Assert.Empty(fx.ForeignRequests);
        Assert.Contains(fx.LocalRequests, u => u.EndsWith("/ui/vendor/plotly-basic.min.js", StringComparison.Ordinal));
        Assert.All(fx.LocalRequests, u => Assert.StartsWith(fx.Server.BaseAddress.GetLeftPart(UriPartial.Authority), u));
        Assert.Empty(fx.PageErrors);
    }
}
