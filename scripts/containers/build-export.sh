#!/usr/bin/env bash
# Builds the two images of an `mlnb export` folder with podman, offline, from the local bases (setup.sh):
#   1. publishes the exported job into DIR/train-app (`dotnet publish`, restore on the host: DIR/feed + your NuGet
#      sources or cache), src/MlNotebooks.Cli into DIR/mlnb-app when the job trains with #!train (it runs `mlnb train`),
#      and src/MlNotebooks.Serve (mlnb-serve) into DIR/serve-app: the build contexts' inputs, so
#      no build needs NuGet or a registry;
#   2. builds DIR/Dockerfile.train and DIR/Dockerfile.serve with the local .NET runtime as the base-image arguments,
#      each cached by a content hash (the Dockerfile, the published app, params.yaml, the base image's id): an image
#      whose label mlnb.inputs has that hash is reused, so CI rebuilds only what changed.
# Prints one line per image: `IMAGE SIZE_MB built|cached SECONDS`. Images: localhost/APP-train and localhost/APP-serve,
# tagged with the hash and `latest`; the previous image of the same name is removed when replaced.
# usage: scripts/containers/build-export.sh DIR [train|serve|all]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
fail() { echo "build-export: $*" >&2; exit 2; }

[ $# -ge 1 ] && [ $# -le 2 ] || fail "usage: scripts/containers/build-export.sh DIR [train|serve|all]"
what="${2:-all}"
case "$what" in train|serve|all) ;; *) fail "'$what' is not train, serve or all; usage: scripts/containers/build-export.sh DIR [train|serve|all]" ;; esac
[ -d "$1" ] || fail "'$1' is not a folder; run 'mlnb export NOTEBOOK --out $1' first"
dir="$(cd "$1" && pwd)"
[ -f "$dir/.mlnb-export" ] || fail "'$1' is not an mlnb export (no .mlnb-export in it); run 'mlnb export NOTEBOOK --out DIR' first"
shopt -s nullglob
projects=("$dir"/*.csproj)
[ ${#projects[@]} -eq 1 ] || fail "'$1' should hold exactly one .csproj (it holds ${#projects[@]}); export again into an empty folder"
project="$(basename "${projects[0]}" .csproj)"
app="$(sed -n 's/^  APP: *//p' "$dir/.github/workflows/ml.yml" | head -n1)"
[ -n "$app" ] || fail "no APP in $dir/.github/workflows/ml.yml; export again"

mapfile -t bases < <(bash "$here/setup.sh")
runtime="${bases[1]}"
source "$here/env.sh"
runtime_id="$(podman image inspect --format '{{.Id}}' "$runtime")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

publish() { # OUT PROJECT [ARGS...]: a clean publish (no stale files from an older one)
  local out="$1" proj="$2"; shift 2
  rm -rf "$out"
  local log; log="$(mktemp)"
  if ! dotnet publish "$proj" -c Release -o "$out" -p:UseAppHost=false -nologo -v q "$@" >"$log" 2>&1; then
    grep -E ": error " "$log" | sort -u >&2 || cat "$log" >&2
    rm -f "$log"; fail "dotnet publish $proj failed"
  fi
  rm -f "$log"
}

build() { # KIND DOCKERFILE APPDIR [MORE INPUTS...]
  local kind="$1" dockerfile="$2"; shift 2
  local repo="localhost/$app-$kind"
  local hash
  hash="$( { echo "$runtime_id"; cd "$dir" && find "$dockerfile" "$@" -type f ! -name '*.pdb' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum; } | sha256sum | cut -c1-16)"
  local status
  local have; have="$(podman images -q --filter "label=mlnb.inputs=$hash" --filter "reference=$repo" | head -n1)"
  if [ -n "$have" ]; then
    status=cached
    podman tag "$have" "$repo:latest"
  else
    local old; old="$(podman image inspect --format '{{.Id}}' "$repo:latest" 2>/dev/null || true)"
    local log; log="$(mktemp)"
    local t0; t0="$(date +%s.%N)"
    # --layers=false: the content hash above is the cache; no intermediate stage images are left behind.
    if ! podman build --format docker --layers=false --force-rm -f "$dir/$dockerfile" \
        --build-arg "SDK_IMAGE=$runtime" --build-arg "RUNTIME_IMAGE=$runtime" --build-arg "ASPNET_IMAGE=$runtime" \
        --label "mlnb.inputs=$hash" --label "mlnb.app=$app" -t "$repo:$hash" -t "$repo:latest" "$dir" >"$log" 2>&1; then
      tail -n 20 "$log" >&2; rm -f "$log"; fail "podman build -f $dockerfile failed"
    fi
    rm -f "$log"
    status="built $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s"
    # The image this one replaces (same name, other inputs), never any other.
    if [ -n "$old" ] && [ "$old" != "$(podman image inspect --format '{{.Id}}' "$repo:latest")" ]; then podman rmi -f "$old" >/dev/null 2>&1 || true; fi
  fi
  local size; size="$(podman image inspect --format '{{.Size}}' "$repo:latest")"
  awk -v i="$repo:$hash" -v s="$size" -v st="$status" 'BEGIN{printf "%s %.1f MB %s\n", i, s/1e6, st}'
}

if [ "$what" != serve ]; then
  # Paths in the DLL mapped to /src: the same sources in another folder give the same bytes, so the same image hash.
  publish "$dir/train-app" "${projects[0]}" "-p:PathMap=$dir=/src"
  if grep -q '^COPY mlnb-app/' "$dir/Dockerfile.train"; then
    # The notebook trains with #!train: the job runs `mlnb train`, so the image carries the published CLI (with libtorch).
    publish "$dir/mlnb-app" "$root/src/MlNotebooks.Cli/MlNotebooks.Cli.csproj"
    build train Dockerfile.train train-app params.yaml mlnb-app
  else
    build train Dockerfile.train train-app params.yaml
  fi
fi
if [ "$what" != train ]; then
  publish "$dir/serve-app" "$root/src/MlNotebooks.Serve/MlNotebooks.Serve.csproj"
  build serve Dockerfile.serve serve-app
fi
