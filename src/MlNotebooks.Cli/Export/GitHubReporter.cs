using Octokit;

namespace MlNotebooks.Cli.Export;

/// <summary>
/// Posts the report through Octokit: the pull request's comment carrying <see cref="CiReport.Marker"/> is updated in place
/// (created when there is none, so never duplicated), and a commit status is set. The API root comes from
/// <c>GITHUB_API_URL</c> (Actions sets it; GitHub Enterprise and tests point it elsewhere), the token from <c>GITHUB_TOKEN</c>.
/// </summary>
internal sealed class GitHubReporter(GitHubClient client, string owner, string repo)
{
    public const string StatusContext = "mlnb/report";

    public static GitHubReporter FromEnvironment(string ownerAndRepo)
    {
        var parts = ownerAndRepo.Split('/');
        if (parts.Length != 2 || parts.Any(string.IsNullOrWhiteSpace)) throw MlnbException.Invalid($"--repo '{ownerAndRepo}' is not OWNER/NAME (e.g. --repo acme/churn)");
        var token = Environment.GetEnvironmentVariable("GITHUB_TOKEN");
        if (string.IsNullOrEmpty(token)) throw MlnbException.Invalid("GITHUB_TOKEN is not set; in a workflow pass `env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}`, or use --dry-run to print the report");
        var api = Environment.GetEnvironmentVariable("GITHUB_API_URL") is { Length: > 0 } u ? new Uri(u) : GitHubClient.GitHubApiUrl;
        var client = new GitHubClient(new ProductHeaderValue("mlnb"), api) { Credentials = new Credentials(token) };
        return new GitHubReporter(client, parts[0], parts[1]);
    }

    /// <summary>Creates or updates our comment on pull request <paramref name="pr"/>; returns (id, created).</summary>
    public async Task<(long Id, bool Created)> CommentAsync(int pr, string body)
    {
        var comments = await client.Issue.Comment.GetAllForIssue(owner, repo, pr).ConfigureAwait(false);
        var ours = comments.FirstOrDefault(c => c.Body?.Contains(CiReport.Marker, StringComparison.Ordinal) == true);
        if (ours is not null)
        {
            await client.Issue.Comment.Update(owner, repo, ours.Id, body).ConfigureAwait(false);
            return (ours.Id, false);
        }
        var created = await client.Issue.Comment.Create(owner, repo, pr, body).ConfigureAwait(false);
        return (created.Id, true);
    }

    /// <summary>Sets the commit status of <paramref name="sha"/>.</summary>
    public Task StatusAsync(string sha, string state, string description) =>
        client.Repository.Status.Create(owner, repo, sha, new NewCommitStatus
        {
            State = state == "success" ? CommitState.Success : CommitState.Failure,
            Description = description,
            Context = StatusContext,
        });
}
