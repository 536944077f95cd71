using System.Diagnostics;
using System.Security.Cryptography;

namespace MlNotebooks.Hub;

/// <summary>Real Unix users for the hub: <c>useradd -m</c>, home 0700, a random password for PAM (shown once).</summary>
public static class UnixUsers
{
    /// <summary>True when the system knows <paramref name="name"/> (<c>id -u NAME</c>).</summary>
    public static bool Exists(string name) => Run("id", ["-u", name], stdin: null).ExitCode == 0;

    /// <summary>Creates the user with a 0700 home and a random password; returns the password, or null when the user existed (left as it was, home closed to others).</summary>
    public static string? Ensure(string name)
    {
        HubOptions.ValidateUserName(name);
        if (Exists(name))
        {
            CloseHome(name);
            return null;
        }
        var add = Run("useradd", ["-m", "-s", "/bin/bash", name], stdin: null);
        if (add.ExitCode != 0) throw MlnbException.State($"useradd {name} failed: {FirstLine(add.Error)}; create the user by hand, then retry");
        CloseHome(name);
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y');
        var set = Run("chpasswd", [], stdin: $"{name}:{password}\n");
        if (set.ExitCode != 0) throw MlnbException.State($"chpasswd for {name} failed: {FirstLine(set.Error)}; set one with `passwd {name}`");
        return password;
    }

    /// <summary>
    /// The unprivileged system account a hub service runs as (no login shell, no home of its own, no password), made
    /// once with <c>useradd --system</c>; <paramref name="owns"/> (the service's folder) becomes its, mode 0700.
    /// </summary>
    public static void EnsureServiceAccount(string name, string owns)
    {
        if (!Exists(name))
        {
            var add = Run("useradd", ["--system", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", "--user-group", name], stdin: null);
            if (add.ExitCode != 0) throw MlnbException.State($"useradd --system {name} failed: {FirstLine(add.Error)}; create the account by hand, then retry");
        }
        var own = Run("chown", ["-R", $"{name}:{name}", owns], stdin: null);
        if (own.ExitCode != 0) throw MlnbException.State($"chown -R {name} {owns} failed: {FirstLine(own.Error)}");
        File.SetUnixFileMode(owns, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>Fails when <paramref name="name"/> is an existing system account (uid below 1000, e.g. root): the hub would close its home and let it log in.</summary>
    public static void RefuseSystemAccount(string name)
    {
        var fields = Run("getent", ["passwd", name], stdin: null).Output.Trim().Split(':');
        if (fields.Length >= 3 && int.TryParse(fields[2], out var uid) && uid < 1000)
            throw MlnbException.Invalid($"'{name}' is a system account (uid {uid}); hub users must be ordinary users, pick another name");
    }

    /// <summary>Removes the user and its home (<c>userdel -r</c>); false when there was no such user.</summary>
    public static bool Remove(string name)
    {
        if (!Exists(name)) return false;
        var del = Run("userdel", ["-r", "-f", name], stdin: null);
        return del.ExitCode is 0 or 12; // 12: the home was already gone
    }

    /// <summary>The user's home folder.</summary>
    public static string Home(string name)
    {
        var r = Run("getent", ["passwd", name], stdin: null);
        var fields = r.Output.Trim().Split(':');
        return fields.Length >= 6 ? fields[5] : Path.Combine("/home", name);
    }

    private static void CloseHome(string name)
    {
        var home = Home(name);
        if (Directory.Exists(home)) File.SetUnixFileMode(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "no message";

    private static (int ExitCode, string Output, string Error) Run(string file, string[] args, string? stdin)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi)!;
            if (stdin is not null)
            {
                p.StandardInput.Write(stdin);
                p.StandardInput.Close();
            }
            var output = p.StandardOutput.ReadToEnd();
            var error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, output, error);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw MlnbException.State($"cannot run {file} ({e.Message}); the hub needs the shadow tools (apt-get install passwd)");
        }
    }
}
