#!/usr/bin/env bash
# benchmarks/hub: start a hub with 10 throwaway users, print spawn time and first-cell latency (1 user, 10 at once),
# then stop the hub and remove the users. Debian's python3 (websocket-client is python3-websocket). Needs root (Unix users) and a built mlnb:
#   dotnet build src/MlNotebooks.Cli -c Release && sudo benchmarks/hub/run.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mlnb=(dotnet "${MLNB_DLL:-$root/src/MlNotebooks.Cli/bin/Release/net10.0/linux-x64/mlnb.dll}")
n="${BENCH_USERS:-10}"
run="$(head -c 3 /dev/urandom | od -An -tx1 | tr -d ' \n')"
users=$(for i in $(seq 1 "$n"); do printf "mlnbb%s%02d," "$run" "$i"; done); users="${users%,}"
state="$(mktemp -d /tmp/mlnb-hub-bench-XXXXXX)"; chmod 755 "$state"
cleanup() {
  "${mlnb[@]}" hub down --state "$state" >/dev/null 2>&1 || true
  for u in ${users//,/ }; do userdel -r -f "$u" >/dev/null 2>&1 || true; done
  rm -rf "$state"
}
trap cleanup EXIT
"${mlnb[@]}" hub up --port 0 --state "$state" --users "$users" | head -1
port=$(/usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['port'])" "$state/hub.json")
/usr/bin/python3 "$here/bench.py" --url "http://127.0.0.1:$port/" --admin-token-file "$state/admin-token" --users "$users"
