#!/usr/bin/env bash
# Benchmark: the same 10-cell C# notebook executed cold, alternating rounds, by
#   (a) python3 -m nbconvert --execute on the stock .NET kernel (.net-csharp, dotnet-interactive 1.0.712001)
#   (b) python3 -m nbconvert --execute on our kernel (mlnb-csharp: `mlnb kernel start`)
#   (c) mlnb notebook run (in-process .NET Interactive kernels)
# then, for both kernels, start → first execute_reply of `1+1` and the idle kernel's resident memory.
# Prints medians and ratios. Not a test: run it by hand (`benchmarks/notebooks/run.sh`; ROUNDS=5 for more rounds).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bash "$root/scripts/deps/notebooks.sh"
export PATH="$HOME/.dotnet/tools:$PATH" DOTNET_INTERACTIVE_SKIP_FIRST_TIME_EXPERIENCE=1 DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT=1
"$root/mlnb" --version >/dev/null   # build the CLI first, outside the timing
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
# Our kernelspec in a private prefix, started by the same ReadyToRun build as (c); the stock specs stay where they are.
"$root/mlnb" kernel install --prefix "$work/prefix" >/dev/null
export JUPYTER_PATH="$work/prefix/share/jupyter"
cp "$here/ten-cells.ipynb" "$work/"
cd "$work"
now() { date +%s.%N; }
# Each run is a new process (cold). Single runs on this 2-core VM vary by ±30% from one minute to the next, so the
# order rotates every round and medians are compared.
rounds="${ROUNDS:-3}"
a_times=(); b_times=(); c_times=()
run_a() { /usr/bin/python3 -m nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=.net-csharp ten-cells.ipynb --output a.out.ipynb >/dev/null 2>&1; }
run_b() { /usr/bin/python3 -m nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=mlnb-csharp ten-cells.ipynb --output b.out.ipynb >/dev/null 2>&1; }
run_c() { "$root/mlnb" notebook run ten-cells.ipynb -o c.out.ipynb -q >/dev/null; }
timed() { local t0 t1; t0=$(now); "$1"; t1=$(now); awk "BEGIN{print $t1 - $t0}"; }
for r in $(seq 1 "$rounds"); do
  case $((r % 3)) in
    1) order="a b c" ;;
    2) order="b c a" ;;
    0) order="c a b" ;;
  esac
  for x in $order; do
    t=$(timed "run_$x")
    case $x in a) a_times+=("$t") ;; b) b_times+=("$t") ;; c) c_times+=("$t") ;; esac
  done
  printf 'round %d (%s): stock %.2f s · mlnb-csharp %.2f s · mlnb run %.2f s\n' "$r" "$order" "${a_times[-1]}" "${b_times[-1]}" "${c_times[-1]}"
done
! grep -q '"output_type": "error"' b.out.ipynb || { echo "error: a cell failed on our kernel (see b.out.ipynb)" >&2; exit 1; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
a=$(median "${a_times[@]}"); b=$(median "${b_times[@]}"); c=$(median "${c_times[@]}")
printf 'cpus: %s  load: %s  rounds: %s\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$rounds"
printf '(a) nbconvert --execute, stock .net-csharp (median): %6.2f s\n' "$a"
printf '(b) nbconvert --execute, mlnb-csharp (median):       %6.2f s\n' "$b"
printf '(c) mlnb notebook run (median):                      %6.2f s\n' "$c"
printf 'ratio a/b: %5.2fx (target >= 2x)   ratio a/c: %5.2fx (target >= 3x)   ratio b/c: %5.2fx\n' \
  "$(awk "BEGIN{print $a / $b}")" "$(awk "BEGIN{print $a / $c}")" "$(awk "BEGIN{print $b / $c}")"
/usr/bin/python3 "$here/kernel_start.py" .net-csharp mlnb-csharp
