#!/usr/bin/env python3
"""User-server spawn time and first-cell latency on a running hub, for 1 user and for N users spawned at once.

The anchor, in the same run and on the same servers: Debian's python3 (ipykernel) kernel's first cell. Prints
medians and ratios. Uses only the standard library plus websocket-client (python3-websocket).
    python3 bench.py --url http://127.0.0.1:8000/ --admin-token-file STATE/admin-token --users u1,u2,...
"""
import argparse
import concurrent.futures
import json
import statistics
import time
import urllib.request
import uuid

import websocket


def call(url, token, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url.rstrip("/") + path, data=data, method=method)
    req.add_header("Authorization", "token " + token)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=600) as r:
        raw = r.read()
        return json.loads(raw) if raw else None


def spawn(url, admin, user):
    """Seconds from POST /hub/api/users/NAME/server to the server answering as ready."""
    t0 = time.perf_counter()
    call(url, admin, "POST", "/hub/api/users/%s/server" % user, {})
    while True:
        model = call(url, admin, "GET", "/hub/api/users/%s" % user)
        if model.get("servers", {}).get("", {}).get("ready"):
            return time.perf_counter() - t0
        time.sleep(0.1)


def first_cell(url, token, user, kernel, code):
    """Seconds from POST /user/NAME/api/kernels to the first cell's execute_reply over the websocket channel."""
    t0 = time.perf_counter()
    k = call(url, token, "POST", "/user/%s/api/kernels" % user, {"name": kernel})
    ws = websocket.create_connection(url.replace("http", "ws", 1).rstrip("/") + "/user/%s/api/kernels/%s/channels" % (user, k["id"]),
                                     header=["Authorization: token " + token], timeout=600)
    msg_id = uuid.uuid4().hex
    ws.send(json.dumps({"header": {"msg_id": msg_id, "username": user, "session": uuid.uuid4().hex, "msg_type": "execute_request", "version": "5.3"},
                        "parent_header": {}, "metadata": {}, "channel": "shell",
                        "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False}}))
    while True:
        m = json.loads(ws.recv())
        if m.get("parent_header", {}).get("msg_id") == msg_id and m["header"]["msg_type"] == "execute_reply":
            elapsed = time.perf_counter() - t0
            status = m["content"]["status"]
            break
    ws.close()
    call(url, token, "DELETE", "/user/%s/api/kernels/%s" % (user, k["id"]))
    if status != "ok":
        raise SystemExit("%s's %s cell failed: %s" % (user, kernel, status))
    return elapsed


def round_of(url, admin, users):
    tokens = {u: call(url, admin, "POST", "/hub/api/users/%s/tokens" % u, {"note": "bench"})["token"] for u in users}
    with concurrent.futures.ThreadPoolExecutor(len(users)) as pool:
        spawns = list(pool.map(lambda u: spawn(url, admin, u), users))
        csharp = list(pool.map(lambda u: first_cell(url, tokens[u], u, "mlnb-csharp", "1 + 1"), users))
        python = list(pool.map(lambda u: first_cell(url, tokens[u], u, "python3", "1 + 1"), users))
    for u in users:
        call(url, admin, "DELETE", "/hub/api/users/%s/server" % u)
    for u in users:
        while call(url, admin, "GET", "/hub/api/users/%s" % u).get("servers"):
            time.sleep(0.2)
    return spawns, csharp, python


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--admin-token-file", required=True)
    p.add_argument("--users", required=True)
    a = p.parse_args()
    admin = open(a.admin_token_file).read().strip()
    users = a.users.split(",")
    print("hub benchmark: %s, %d users; anchor = python3 (ipykernel) first cell on the same servers" % (a.url, len(users)))
    print("%-14s %10s %10s %10s %10s %10s" % ("round", "spawn med", "spawn max", "C# cell", "py cell", "C#/py"))
    for label, group in (("1 user", users[:1]), ("%d at once" % len(users), users)):
        spawns, csharp, python = round_of(a.url, admin, group)
        print("%-14s %9.2fs %9.2fs %9.2fs %9.2fs %9.1fx" % (label, statistics.median(spawns), max(spawns), statistics.median(csharp), statistics.median(python),
                                                          statistics.median(csharp) / statistics.median(python)))


if __name__ == "__main__":
    main()
