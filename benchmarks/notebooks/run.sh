#!/usr/bin/env bash
# Benchmark: the same 10-cell C# notebook executed cold, once each, by
#   mlnb notebook run            (in-process .NET Interactive kernels)
#   python3 -m nbconvert --execute (Jupyter + the .NET kernel from dotnet-interactive 1.0.712001)
# Prints both wall times and the ratio. Not a test: run it by hand (`benchmarks/notebooks/run.sh`).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bash "$root/scripts/deps/notebooks.sh"
export PATH="$HOME/.dotnet/tools:$PATH" DOTNET_INTERACTIVE_SKIP_FIRST_TIME_EXPERIENCE=1 DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT=1
"$root/mlnb" --version >/dev/null   # build the CLI first, outside the timing
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cp "$here/ten-cells.ipynb" "$work/"
cd "$work"
now() { date +%s.%N; }
# Rounds alternate the two (each a new process, so each run is cold) and the medians are compared: single runs on
# this 2-core VM vary by ±30% from one minute to the next.
rounds="${ROUNDS:-3}"
mlnb_times=(); nbc_times=()
for r in $(seq 1 "$rounds"); do
  t0=$(now)
  "$root/mlnb" notebook run ten-cells.ipynb -o mlnb.out.ipynb -q >/dev/null
  t1=$(now)
  /usr/bin/python3 -m nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=.net-csharp ten-cells.ipynb --output nbconvert.out.ipynb >/dev/null 2>&1
  t2=$(now)
  mlnb_times+=("$(awk "BEGIN{print $t1 - $t0}")"); nbc_times+=("$(awk "BEGIN{print $t2 - $t1}")")
  printf 'round %d: mlnb %.2f s · nbconvert %.2f s\n' "$r" "${mlnb_times[-1]}" "${nbc_times[-1]}"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
mlnb=$(median "${mlnb_times[@]}"); nbc=$(median "${nbc_times[@]}")
printf 'cpus: %s  load: %s  rounds: %s\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$rounds"
printf 'mlnb notebook run (median):           %6.2f s\n' "$mlnb"
printf 'jupyter nbconvert --execute (median): %6.2f s\n' "$nbc"
printf 'ratio (nbconvert / mlnb):  %5.2fx (target >= 3x)\n' "$(awk "BEGIN{print $nbc / $mlnb}")"
