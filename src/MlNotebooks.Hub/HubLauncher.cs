using System.Net.Sockets;
using System.Security.Cryptography;

namespace MlNotebooks.Hub;

/// <summary><c>mlnb hub up|down|status</c>: a single-machine JupyterHub started from settings in a state folder.</summary>
public static class HubLauncher
{
    /// <summary>The unprivileged system account the tracking service runs as (it owns STATE/tracking, nothing else).</summary>
    public const string TrackingAccount = "mlnb-tracking";

    /// <summary>Where jupyterhub is looked for.</summary>
    public const string JupyterHubPath = "/usr/bin/jupyterhub";

    /// <summary>
    /// Starts the hub: Unix users, the admin token, the <c>mlnb-csharp</c> kernelspec (through <paramref name="installKernel"/>,
    /// given the install prefix), settings, config and culler, then <c>jupyterhub</c> in the background; returns once
    /// <c>/hub/health</c> and the tracking service answer.
    /// </summary>
    public static async Task<HubUp> UpAsync(HubOptions options, Action<string> installKernel, CancellationToken cancellationToken)
    {
        options.Validate();
        if (!Environment.IsPrivilegedProcess)
            throw new MlnbException(ErrorCode.PermissionDenied, "mlnb hub up needs root: it creates Unix users and starts their servers as them; run it with sudo");
        if (!File.Exists(JupyterHubPath))
            throw MlnbException.State($"{JupyterHubPath} is missing; install Debian's hub with `apt-get install jupyterhub python3-ipykernel` (scripts/deps/apt-hub.txt)");
        var paths = new HubPaths(Path.GetFullPath(options.StateDirectory));
        if (HubProcess.Running(paths) is { } running)
        {
            var at = HubSettings.Read(paths.Settings) is { } s ? $" at http://127.0.0.1:{s.Port}/" : "";
            throw new MlnbException(ErrorCode.ResourceAlreadyExists, $"a hub is already running from {paths.Root} (pid {running}){at}; stop it with `mlnb hub down --state {paths.Root}`");
        }
        foreach (var user in options.Users) UnixUsers.RefuseSystemAccount(user);
        if (options.Port != 0 && !Ports.IsFree(options.Port))
            throw MlnbException.Invalid($"port {options.Port} on 127.0.0.1 is in use; pick another with --port, or stop what listens there");

        var previous = HubSettings.Read(paths.Settings);
        var taken = new HashSet<int> { options.Port };
        var port = options.Port == 0 ? Ports.Free(taken) : options.Port;
        var (hubPort, proxyPort, trackingPort) = (Ports.Free(taken), Ports.Free(taken), Ports.Free(taken));
        Directory.CreateDirectory(paths.Root);
        File.SetUnixFileMode(paths.Root, (UnixFileMode)0b111_101_101);
        Directory.CreateDirectory(paths.Tracking);
        File.SetUnixFileMode(paths.Tracking, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        EnsureAdminToken(paths);
        WriteResource("jupyterhub_config.py", paths.Config);
        WriteResource("mlnb_idle_culler.py", paths.Culler);
        installKernel(paths.JupyterPrefix);

        var users = (previous?.Users ?? []).Concat(options.Users).Distinct(StringComparer.Ordinal).ToList();
        var passwords = new List<(string User, string Password)>();
        foreach (var user in users)
            if (UnixUsers.Ensure(user) is { } password) passwords.Add((user, password));

        var store = options.TrackingUri ?? previous?.Tracking.Environment.GetValueOrDefault("MLNB_TRACKING_URI") ?? "sqlite:///" + Path.Combine(paths.Tracking, "mlnb.db");
        // SQLAlchemy 1.4 (Debian's JupyterHub) knows postgresql://, not postgres://; psycopg2 is its driver.
        var db = options.Database is { } d ? (d.StartsWith("postgres://", StringComparison.Ordinal) ? "postgresql://" + d["postgres://".Length..] : d) : previous?.DbUrl;
        if (db is not null && db.StartsWith("postgresql://", StringComparison.Ordinal) && !Directory.Exists("/usr/lib/python3/dist-packages/psycopg2"))
            throw MlnbException.State("the hub's PostgreSQL database needs Debian's python3-psycopg2; install it with `apt-get install python3-psycopg2` (scripts/deps/apt-hub.txt)");
        var settings = new HubSettings
        {
            DbUrl = db,
            Port = port, HubPort = hubPort, ProxyApiPort = proxyPort, State = paths.Root, Users = users,
            Authenticator = options.Authenticator, IdleTimeout = options.IdleTimeoutSeconds, IdleInterval = options.IdleIntervalSeconds,
            Culler = paths.Culler, JupyterPath = Path.Combine(paths.JupyterPrefix, "share", "jupyter"),
            Tracking = new HubSettings.TrackingService
            {
                Command = [.. options.MlnbCommand, "server", "--host", "127.0.0.1", "--port", trackingPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--auth", "--hub-api", $"http://127.0.0.1:{hubPort}/hub/api"],
                Port = trackingPort,
                Url = $"http://127.0.0.1:{trackingPort}",
                UserUri = $"http://127.0.0.1:{trackingPort}",
                Cwd = paths.Tracking,
                User = TrackingAccount,
                Environment = new Dictionary<string, string>
                {
                    ["MLNB_TRACKING_URI"] = store,
                    ["MLNB_CONTENT_ROOT"] = Path.Combine(paths.Tracking, "content"),
                    ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                    ["HOME"] = paths.Tracking,
                },
            },
        };
        settings.Write(paths.Settings);
        UnixUsers.EnsureServiceAccount(TrackingAccount, paths.Tracking);

        var pid = HubProcess.Start(paths, JupyterHubPath);
        var url = new Uri($"http://127.0.0.1:{port}/");
        using var client = new HubClient(url, File.ReadAllText(paths.AdminToken).Trim());
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(180);
        while (!await client.IsHealthyAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!HubProcess.IsHub(pid)) throw MlnbException.State($"the hub did not start: {HubProcess.Why(paths)} (full log: {paths.Log})");
            if (DateTime.UtcNow > deadline) throw MlnbException.State($"the hub did not answer /hub/health within 180 s (log: {paths.Log}); stop it with `mlnb hub down --state {paths.Root}`");
            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }
        while (!await AnswersAsync(trackingPort, cancellationToken).ConfigureAwait(false))
        {
            if (!HubProcess.IsHub(pid)) throw MlnbException.State($"the hub stopped: {HubProcess.Why(paths)} (full log: {paths.Log})");
            if (DateTime.UtcNow > deadline) throw MlnbException.State($"the tracking service did not listen on 127.0.0.1:{trackingPort} within 180 s; see {paths.Log}");
            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }
        return new HubUp(url, pid, paths, settings, passwords, HubOptions.Redact(store), HubOptions.Redact(db ?? "sqlite:///" + Path.Combine(paths.Root, "jupyterhub.sqlite")));
    }

    /// <summary>Stops the hub running from <paramref name="stateDirectory"/> (and with it the proxy, the services and every user's server).</summary>
    public static async Task<int> DownAsync(string stateDirectory, CancellationToken cancellationToken)
    {
        var paths = new HubPaths(Path.GetFullPath(stateDirectory));
        var pid = HubProcess.Running(paths) ?? throw MlnbException.State($"no hub is running from {paths.Root}; start one with `mlnb hub up --state {paths.Root}`");
        if (!await HubProcess.StopAsync(pid, TimeSpan.FromSeconds(90), cancellationToken).ConfigureAwait(false))
            throw MlnbException.State($"the hub (pid {pid}) did not stop within 90 s and was killed; check for leftover servers with `ps -ef | grep jupyterhub-singleuser`");
        if (File.Exists(paths.PidFile)) File.Delete(paths.PidFile);
        return pid;
    }

    /// <summary>What the state folder says, and what the running hub answers.</summary>
    public static async Task<HubStatus> StatusAsync(string stateDirectory, CancellationToken cancellationToken)
    {
        var paths = new HubPaths(Path.GetFullPath(stateDirectory));
        var settings = HubSettings.Read(paths.Settings) ?? throw MlnbException.NotFound($"no hub in {paths.Root}; start one with `mlnb hub up --state {paths.Root}`");
        var store = HubOptions.Redact(settings.Tracking.Environment.GetValueOrDefault("MLNB_TRACKING_URI") ?? "?");
        if (HubProcess.Running(paths) is not { } pid) return new HubStatus(paths, settings, null, null, [], store);
        using var client = new HubClient(new Uri($"http://127.0.0.1:{settings.Port}/"), File.ReadAllText(paths.AdminToken).Trim());
        return new HubStatus(paths, settings, pid, await client.VersionAsync(cancellationToken).ConfigureAwait(false), await client.UsersAsync(cancellationToken).ConfigureAwait(false), store);
    }

    /// <summary>Creates the Unix user, allows it on the hub (now, when running, and at every later start); returns the new password or null.</summary>
    public static async Task<string?> AddUserAsync(string stateDirectory, string name, CancellationToken cancellationToken)
    {
        HubOptions.ValidateUserName(name);
        if (!Environment.IsPrivilegedProcess) throw new MlnbException(ErrorCode.PermissionDenied, "mlnb hub users add needs root (it runs useradd); run it with sudo");
        var paths = new HubPaths(Path.GetFullPath(stateDirectory));
        var settings = HubSettings.Read(paths.Settings) ?? throw MlnbException.NotFound($"no hub in {paths.Root}; start one with `mlnb hub up --state {paths.Root}`");
        UnixUsers.RefuseSystemAccount(name);
        var password = UnixUsers.Ensure(name);
        if (!settings.Users.Contains(name)) (settings with { Users = [.. settings.Users, name] }).Write(paths.Settings);
        if (HubProcess.Running(paths) is not null)
        {
            using var client = new HubClient(new Uri($"http://127.0.0.1:{settings.Port}/"), File.ReadAllText(paths.AdminToken).Trim());
            await client.AddUserAsync(name, cancellationToken).ConfigureAwait(false);
        }
        return password;
    }

    /// <summary>Removes a user from the hub (its server stops); with <paramref name="deleteUnixUser"/> also the Unix user and home.</summary>
    public static async Task RemoveUserAsync(string stateDirectory, string name, bool deleteUnixUser, CancellationToken cancellationToken)
    {
        var paths = new HubPaths(Path.GetFullPath(stateDirectory));
        var settings = HubSettings.Read(paths.Settings) ?? throw MlnbException.NotFound($"no hub in {paths.Root}; start one with `mlnb hub up --state {paths.Root}`");
        if (!settings.Users.Contains(name)) throw MlnbException.NotFound($"'{name}' is not a user of the hub in {paths.Root}; see `mlnb hub status --state {paths.Root}`");
        if (HubProcess.Running(paths) is not null)
        {
            using var client = new HubClient(new Uri($"http://127.0.0.1:{settings.Port}/"), File.ReadAllText(paths.AdminToken).Trim());
            await client.DeleteUserAsync(name, cancellationToken).ConfigureAwait(false);
        }
        (settings with { Users = [.. settings.Users.Where(u => u != name)] }).Write(paths.Settings);
        if (deleteUnixUser) UnixUsers.Remove(name);
    }

    private static void EnsureAdminToken(HubPaths paths)
    {
        if (File.Exists(paths.AdminToken)) return;
        var temp = paths.AdminToken + ".tmp";
        File.WriteAllText(temp, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) + "\n");
        File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, paths.AdminToken, overwrite: true);
    }

    private static void WriteResource(string name, string path)
    {
        using var stream = typeof(HubLauncher).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"resource {name} is missing");
        using var file = File.Create(path);
        stream.CopyTo(file);
        file.Close();
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static async Task<bool> AnswersAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync("127.0.0.1", port, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

/// <summary>A hub that came up.</summary>
/// <param name="Url">Its public URL.</param>
/// <param name="Pid">The jupyterhub process.</param>
/// <param name="Paths">The state folder.</param>
/// <param name="Settings">What it was started with.</param>
/// <param name="NewPasswords">Passwords of the Unix users created now (shown once).</param>
/// <param name="Store">The tracking store, password redacted.</param>
/// <param name="Database">The hub's own database, password redacted.</param>
public sealed record HubUp(Uri Url, int Pid, HubPaths Paths, HubSettings Settings, IReadOnlyList<(string User, string Password)> NewPasswords, string Store, string Database);

/// <summary>A hub's state: running or not, its users and their servers.</summary>
/// <param name="Paths">The state folder.</param>
/// <param name="Settings">Its settings.</param>
/// <param name="Pid">The jupyterhub process, or null when stopped.</param>
/// <param name="Version">JupyterHub's version when running.</param>
/// <param name="Users">Users and servers when running.</param>
/// <param name="Store">The tracking store, password redacted.</param>
public sealed record HubStatus(HubPaths Paths, HubSettings Settings, int? Pid, string? Version, IReadOnlyList<HubUser> Users, string Store);
