#!/usr/bin/env bash
# Benchmark: `mlnb export` time, and the exported job against the notebook it came from, doing the same work
# (benchmarks/export/work.ipynb: 400k points, 30 epochs of gradient descent, tracked), each a cold process:
#   mlnb notebook run work.ipynb      (the anchor: the notebook run headless)
#   dotnet Work.dll                   (the exported, Release-built job)
# Prints medians and the ratio job / notebook (goal <= 1.1x). Not a test: run it by hand.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cli="$root/src/MlNotebooks.Cli/bin/Release/net10.0/linux-x64/mlnb.dll"
[ -f "$cli" ] || dotnet build "$root/src/MlNotebooks.Cli/MlNotebooks.Cli.csproj" -c Release -v q -nologo >/dev/null
mlnb() { dotnet "$cli" "$@"; }
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cp "$here/work.ipynb" "$work/"
cd "$work"
now() { date +%s.%N; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
rounds="${ROUNDS:-3}"

export_times=()
for r in $(seq 1 "$rounds"); do
  t0=$(now); mlnb export work.ipynb --out job --force >/dev/null; t1=$(now)
  export_times+=("$(awk "BEGIN{print $t1 - $t0}")")
done
(cd job && NUGET_PACKAGES="$work/packages" dotnet build -c Release -v q -nologo -p:RestoreFallbackFolders="$HOME/.nuget/packages" >/dev/null)

nb_times=(); job_times=()
for r in $(seq 1 "$rounds"); do
  t0=$(now)
  MLNB_TRACKING_URI="sqlite:///$work/nb.db" mlnb notebook run work.ipynb -o out.ipynb -q >/dev/null
  t1=$(now)
  MLNB_TRACKING_URI="sqlite:///$work/job.db" dotnet job/bin/Release/net10.0/Work.dll >/dev/null
  t2=$(now)
  nb_times+=("$(awk "BEGIN{print $t1 - $t0}")"); job_times+=("$(awk "BEGIN{print $t2 - $t1}")")
  printf 'round %d: notebook %.2f s · exported job %.2f s\n' "$r" "${nb_times[-1]}" "${job_times[-1]}"
done
ex=$(median "${export_times[@]}"); nb=$(median "${nb_times[@]}"); job=$(median "${job_times[@]}")
printf 'cpus: %s  load: %s  rounds: %s\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$rounds"
printf 'mlnb export (median, whole process):  %6.2f s\n' "$ex"
printf 'mlnb notebook run (median):           %6.2f s\n' "$nb"
printf 'exported job (median):                %6.2f s\n' "$job"
printf 'ratio (job / notebook):  %5.2fx (goal <= 1.1x)\n' "$(awk "BEGIN{print $job / $nb}")"

# Images (where podman works: scripts/containers/setup.sh builds the local bases once, then they are cached):
# scripts/containers/build-export.sh publishes the job and mlnb-serve into the export and builds Dockerfile.train and
# Dockerfile.serve on the local .NET runtime base, each cached by a hash of its inputs; run twice, the second run
# shows the cache (only the publishes run). The anchor for the serve image is what the whole mlnb tool (TorchSharp/
# libtorch, Roslyn, the notebook runner) would add instead of mlnb-serve.
if bases="$(bash "$root/scripts/containers/setup.sh" 2>/dev/null)"; then
  source "$root/scripts/containers/env.sh"
  runtime="$(sed -n 2p <<<"$bases")"
  t0=$(now); bash "$root/scripts/containers/build-export.sh" job > builds.txt; t1=$(now)
  bash "$root/scripts/containers/build-export.sh" job > again.txt; t2=$(now)
  mb() { awk "BEGIN{printf \"%.1f\", $1 / 1e6}"; }
  size() { podman image inspect --format '{{.Size}}' "$1"; }
  train=$(size localhost/work-train:latest); serve=$(size localhost/work-serve:latest); base=$(size "$runtime"); debian=$(size "$(sed -n 1p <<<"$bases")")
  app=$(du -sb job/serve-app | cut -f1); job_app=$(du -sb job/train-app | cut -f1); tool=$(du -sb "$(dirname "$cli")" | cut -f1)
  sed 's/^/build-export.sh: /' builds.txt; sed 's/^/build-export.sh again: /' again.txt
  printf 'build-export.sh (publish both + build both): %6.2f s; again (publish, cache hits): %6.2f s\n' "$(awk "BEGIN{print $t1 - $t0}")" "$(awk "BEGIN{print $t2 - $t1}")"
  printf 'images (MB): debian base %s · .NET runtime base %s · train image %s (adds %s: train-app %s) · serve image %s (adds %s: mlnb-serve %s)\n' \
    "$(mb "$debian")" "$(mb "$base")" "$(mb "$train")" "$(mb "$((train - base))")" "$(mb "$job_app")" "$(mb "$serve")" "$(mb "$((serve - base))")" "$(mb "$app")"
  printf 'anchor: the whole mlnb tool would add %s MB (ratio serve app / tool: %.2fx)\n' "$(mb "$tool")" "$(awk "BEGIN{print $app / $tool}")"
else
  echo "images: skipped, scripts/containers/setup.sh failed (podman cannot build here; run it for the reason)"
fi
