"""Kernel start → first execute_reply of `1+1`, and the idle kernel's resident memory, for each kernel named on the
command line (median of ROUNDS alternating starts). Prints one line per kernel."""
import os
import statistics
import subprocess
import sys
import time

from jupyter_client.manager import KernelManager


def rss_kib(pid):
    """Resident memory of pid and its descendants (the stock kernel is `dotnet` running a tool)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                total += next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo += [int(c) for c in f.read().split()]
        except (FileNotFoundError, StopIteration):
            pass
    return total


def once(name):
    t0 = time.perf_counter()
    km = KernelManager(kernel_name=name)
    km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # the stock kernel logs its HTTP server
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        reply = kc.execute_interactive("1+1", timeout=120, output_hook=lambda m: None)
        took = time.perf_counter() - t0
        assert reply["content"]["status"] == "ok", reply["content"]
        time.sleep(3)  # idle
        return took, rss_kib(km.provisioner.process.pid)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


kernels = sys.argv[1:]
rounds = int(os.environ.get("ROUNDS", "3"))
results = {k: [] for k in kernels}
for r in range(rounds):
    for k in (kernels if r % 2 == 0 else list(reversed(kernels))):
        results[k].append(once(k))
for k in kernels:
    start = statistics.median(t for t, _ in results[k])
    rss = statistics.median(m for _, m in results[k])
    print(f"{k:14s} start → first execute_reply of 1+1 (median): {start:6.2f} s   idle RSS (median): {rss / 1024:6.0f} MiB")
