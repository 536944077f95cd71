"""Scenarios that drive the mlnb-csharp kernel with jupyter_client (and raw ZeroMQ frames); each prints one JSON line.

Usage: kernel_scenarios.py SCENARIO [ARG]. Run by KernelProtocolTests with JUPYTER_PATH at a temporary kernelspec.
"""
import hashlib
import hmac
import json
import os
import queue
import subprocess
import sys
import time
import uuid

from jupyter_client.manager import start_new_kernel

TIMEOUT = 120


def run(kc, code, **kw):
    """Executes code; returns (reply content, [(msg_type, content)] of iopub outputs)."""
    outputs = []
    reply = kc.execute_interactive(code, timeout=TIMEOUT, output_hook=lambda m: outputs.append((m["msg_type"], m["content"])), **kw)
    return reply["content"], [o for o in outputs if o[0] not in ("status", "execute_input")]


def texts(outputs):
    return "".join(c.get("text", "") for t, c in outputs if t == "stream")


def scenario_track(workdir):
    """Cells with #!track and Track.Metric, no #r line: the run is recorded in the workspace's store."""
    km, kc = start_new_kernel(kernel_name="mlnb-csharp", startup_timeout=TIMEOUT, cwd=workdir)
    try:
        cells = [
            "#!track start --experiment kernel --name via-jupyter-client\n#!track param source=kernel",
            'for (var i = 0; i < 3; i++) Track.Metric("loss", 1.0 / (i + 1), i);\nConsole.WriteLine(Track.RunId);',
            "#!track end",
        ]
        replies = [run(kc, c) for c in cells]
        print(json.dumps({"statuses": [r[0]["status"] for r in replies], "run_id": texts(replies[1][1]).strip(),
                          "errors": [c.get("evalue") for r in replies for t, c in r[1] if t == "error"]}))
    finally:
        km.shutdown_kernel(now=False)


def scenario_interrupt(_):
    """An endless loop is interrupted by interrupt_request on control; the kernel lives on with its state."""
    km, kc = start_new_kernel(kernel_name="mlnb-csharp", startup_timeout=TIMEOUT)
    try:
        run(kc, "var before = 41;")
        msg_id = kc.execute("while (true) { }")
        time.sleep(3)
        km.interrupt_kernel()
        reply = kc.get_shell_msg(timeout=TIMEOUT)
        while reply["msg_type"] != "execute_reply":
            reply = kc.get_shell_msg(timeout=TIMEOUT)
        assert reply["parent_header"]["msg_id"] == msg_id
        after, outputs = run(kc, "before + 1")
        result = [c["data"]["text/plain"] for t, c in outputs if t == "execute_result"]
        print(json.dumps({"interrupted": reply["content"]["status"], "ename": reply["content"].get("ename"),
                          "after": after["status"], "after_error": after.get("evalue"), "result": result, "alive": km.is_alive()}))
    finally:
        km.shutdown_kernel(now=True)


def scenario_forged(marker):
    """A message signed with the wrong key is dropped; the same code correctly signed runs."""
    km, kc = start_new_kernel(kernel_name="mlnb-csharp", startup_timeout=TIMEOUT)
    try:
        import zmq

        info = km.get_connection_info()
        code = 'System.IO.File.AppendAllText(@"%s", "ran\\n");' % marker

        def frames(key):
            header = {"msg_id": uuid.uuid4().hex, "session": uuid.uuid4().hex, "username": "attacker", "date": "2026-12-01T00:00:00Z",
                      "msg_type": "execute_request", "version": "5.3"}
            content = {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}
            parts = [json.dumps(p).encode() for p in (header, {}, {}, content)]
            mac = hmac.new(key, digestmod=hashlib.sha256)
            for p in parts:
                mac.update(p)
            return [b"<IDS|MSG>", mac.hexdigest().encode()] + parts

        ctx = zmq.Context.instance()
        sock = ctx.socket(zmq.DEALER)
        sock.connect("tcp://%s:%d" % (info["ip"], info["shell_port"]))
        sock.send_multipart(frames(b"not-the-key"))
        sock.send_multipart(frames(b""))  # unsigned
        forged_replied = sock.poll(5000) != 0
        ran_forged = os.path.exists(marker)
        alive, _ = run(kc, "1+1")
        sock.send_multipart(frames(info["key"] if isinstance(info["key"], bytes) else info["key"].encode()))
        signed_replied = sock.poll(TIMEOUT * 1000) != 0
        reply = json.loads(sock.recv_multipart()[-1]) if signed_replied else {}
        print(json.dumps({"forged_replied": forged_replied, "ran_forged": ran_forged, "alive": alive["status"],
                          "signed": reply.get("status"), "marker": open(marker).read() if os.path.exists(marker) else ""}))
        sock.close(0)
    finally:
        km.shutdown_kernel(now=True)


def scenario_stdin(_):
    """Console.ReadLine and Kernel.GetInputAsync ask the frontend with input_request."""
    km, kc = start_new_kernel(kernel_name="mlnb-csharp", startup_timeout=TIMEOUT)
    try:
        prompts = []

        def answer(msg):
            prompts.append(msg["content"]["prompt"])
            kc.input("Ada" if len(prompts) == 1 else "Lovelace")

        outputs = []
        reply = kc.execute_interactive(
            'var first = Console.ReadLine();\nvar last = await Microsoft.DotNet.Interactive.Kernel.GetInputAsync("Last name?");\nConsole.WriteLine($"hello {first} {last}");',
            timeout=TIMEOUT, allow_stdin=True, stdin_hook=answer, output_hook=lambda m: outputs.append((m["msg_type"], m["content"])))
        print(json.dumps({"status": reply["content"]["status"], "prompts": prompts, "text": texts(outputs), "error": reply["content"].get("evalue")}))
    finally:
        km.shutdown_kernel(now=True)


def scenario_abort(_):
    """stop_on_error: a queued execute after a failing one is not run, and answered status error."""
    km, kc = start_new_kernel(kernel_name="mlnb-csharp", startup_timeout=TIMEOUT)
    try:
        first = kc.execute('System.Threading.Thread.Sleep(500); throw new InvalidOperationException("first fails");')
        second = kc.execute("var ranSecond = true;")
        replies = {}
        while len(replies) < 2:
            msg = kc.get_shell_msg(timeout=TIMEOUT)
            if msg["msg_type"] == "execute_reply":
                replies[msg["parent_header"]["msg_id"]] = msg["content"]
        check, _ = run(kc, "ranSecond", stop_on_error=False)
        lenient = kc.execute('throw new Exception("no abort");', stop_on_error=False)
        after = kc.execute("var ranAfterLenient = 1;")
        r = {}
        while len(r) < 2:
            msg = kc.get_shell_msg(timeout=TIMEOUT)
            if msg["msg_type"] == "execute_reply":
                r[msg["parent_header"]["msg_id"]] = msg["content"]
        print(json.dumps({"first": replies[first]["status"], "first_ename": replies[first].get("ename"),
                          "first_trace": replies[first].get("traceback", [""])[0],
                          "second": replies[second]["status"], "second_ename": replies[second].get("ename"),
                          "second_ran": check["status"] == "ok", "after_lenient": r[after]["status"]}))
    finally:
        km.shutdown_kernel(now=True)


def scenario_parent(pidfile):
    """Started as a child: start a kernel, write its pid, then wait to be killed."""
    km, kc = start_new_kernel(kernel_name="mlnb-csharp", startup_timeout=TIMEOUT)
    with open(pidfile + ".tmp", "w") as f:
        f.write(str(km.provisioner.process.pid))
    os.rename(pidfile + ".tmp", pidfile)
    time.sleep(3600)


if __name__ == "__main__":
    globals()["scenario_" + sys.argv[1]](sys.argv[2] if len(sys.argv) > 2 else None)
