#!/usr/bin/env python3
"""Stops single-user servers that have been idle longer than --timeout seconds.

A JupyterHub service, like jupyterhub-idle-culler (which is on PyPI only), written against the hub's REST API with
the standard library alone: every --interval seconds it lists ready servers with their last activity
(GET /users?state=ready) and stops the idle ones (DELETE /users/NAME/server, or /users/NAME/servers/SERVER).
The hub starts it with JUPYTERHUB_API_URL and JUPYTERHUB_API_TOKEN; its role needs
list:users, read:users:activity, read:servers and delete:servers.
"""
import argparse
import datetime
import json
import os
import signal
import sys
import time
import urllib.error
import urllib.parse
import urllib.request


def log(message):
    print("[mlnb-idle-culler] " + message, flush=True)


def parse_time(text):
    if not text:
        return None
    text = text.replace("Z", "+00:00")
    value = datetime.datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=datetime.timezone.utc)


def call(api, token, method, path):
    request = urllib.request.Request(api.rstrip("/") + path, method=method)
    request.add_header("Authorization", "token " + token)
    request.add_header("Accept", "application/jupyterhub-pagination+json")
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
        return response.status, (json.loads(body) if body else None)


def ready_users(api, token):
    offset = 0
    while True:
        _, page = call(api, token, "GET", "/users?state=ready&offset=%d&limit=200" % offset)
        items = page["items"] if isinstance(page, dict) else page
        yield from items
        nxt = page.get("_pagination", {}).get("next") if isinstance(page, dict) else None
        if not nxt:
            return
        offset = nxt["offset"]


def cull_once(api, token, timeout):
    now = datetime.datetime.now(datetime.timezone.utc)
    stopped = []
    for user in ready_users(api, token):
        for server_name, server in (user.get("servers") or {}).items():
            if not server.get("ready") or server.get("pending"):
                continue
            last = parse_time(server.get("last_activity")) or parse_time(server.get("started"))
            if last is None:
                continue
            idle = (now - last).total_seconds()
            if idle <= timeout:
                continue
            name = urllib.parse.quote(user["name"], safe="")
            path = "/users/%s/server" % name if not server_name else "/users/%s/servers/%s" % (name, urllib.parse.quote(server_name, safe=""))
            status, _ = call(api, token, "DELETE", path)
            log("stopped %s's server%s, idle %.0f s (HTTP %d)" % (user["name"], " " + server_name if server_name else "", idle, status))
            stopped.append(user["name"])
    return stopped


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=int, default=3600, help="idle seconds before a server is stopped")
    parser.add_argument("--interval", type=int, default=300, help="seconds between checks")
    args = parser.parse_args()
    api = os.environ.get("JUPYTERHUB_API_URL")
    token = os.environ.get("JUPYTERHUB_API_TOKEN")
    if not api or not token:
        sys.exit("mlnb-idle-culler: JUPYTERHUB_API_URL and JUPYTERHUB_API_TOKEN are unset; run it as a JupyterHub service")
    # The hub stops services with SIGINT then SIGTERM; a process started in the background ignores SIGINT by default.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: sys.exit(0))
    log("culling servers idle more than %d s, checking every %d s" % (args.timeout, args.interval))
    while True:
        try:
            cull_once(api, token, args.timeout)
        except (urllib.error.URLError, OSError, ValueError) as e:
            log("check failed: %s (will retry)" % e)
        time.sleep(args.interval)


if __name__ == "__main__":
    main()
