#!/usr/bin/env bash
# Builds the hub's images with podman from the local bases (no registry is reachable here), each only when its inputs
# changed: every image carries the label mlnb.inputs = a hash of its Dockerfile, its base image's id and the files
# of its build context, and is rebuilt only when that hash differs (so CI does not rebuild unchanged images).
#   hub/images.sh [singleuser] [hub] [postgres]     (default: singleuser hub)
# Prints "NAME IMAGE" per image on stdout:
#   singleuser localhost/mlnb-singleuser:latest   hub/singleuser/Dockerfile on localhost/mlnb-dotnet-runtime, Debian's
#                                                 Jupyter, the published mlnb (artifacts/hub-image/prebuilt/mlnb)
#   hub        localhost/mlnb-hub:latest          hub/Dockerfile on localhost/mlnb-debian-base, Debian's JupyterHub
#   postgres   localhost/mlnb-postgres:15         scripts/containers/Dockerfile.postgres: Debian's PostgreSQL 15, the
#                                                 official image's POSTGRES_* variables (compose's stand-in for postgres:15)
# Needs root (podman here runs as root). Set MLNB_HUB_APP=DIR to use an already published mlnb instead of publishing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
source "$root/scripts/containers/env.sh"
log() { echo "hub images: $*" >&2; }
mapfile -t bases < <(bash "$root/scripts/containers/setup.sh")
debian="${bases[0]}"; runtime="${bases[1]}"
wanted=("$@"); [ ${#wanted[@]} -gt 0 ] || wanted=(singleuser hub)

# hash_inputs DOCKERFILE BASE CONTEXT: the image's inputs, content only (paths relative, so any checkout agrees).
hash_inputs() {
  { sha256sum < "$1"; podman image inspect --format '{{.Id}}' "$2"
    (cd "$3" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum); } | sha256sum | cut -c1-16
}

# build NAME TAG DOCKERFILE CONTEXT BUILD-ARGS...: only when the label differs from the inputs' hash.
build() {
  local name="$1" tag="$2" file="$3" ctx="$4" base="$5"; shift 5
  local hash have old
  hash="$(hash_inputs "$file" "$base" "$ctx")"
  have="$(podman image inspect --format '{{ index .Labels "mlnb.inputs" }}' "$tag" 2>/dev/null || true)"
  if [ "$have" != "$hash" ]; then
    old="$(podman image inspect --format '{{.Id}}' "$tag" 2>/dev/null || true)"
    log "building $tag (inputs $hash)"
    podman build -q --format docker --layers=false --force-rm --label "mlnb.inputs=$hash" "$@" -f "$file" -t "$tag" "$ctx" >/dev/null
    # The image this replaced (now untagged); never any other image.
    [ -z "$old" ] || podman rmi "$old" >/dev/null 2>&1 || true
  fi
  echo "$name $tag"
}

for what in "${wanted[@]}"; do
  case "$what" in
    singleuser)
      ctx="$root/artifacts/hub-image"
      rm -rf "$ctx/prebuilt"; mkdir -p "$ctx/prebuilt"
      if [ -n "${MLNB_HUB_APP:-}" ]; then
        [ -f "$MLNB_HUB_APP/mlnb.dll" ] || { echo "hub images: MLNB_HUB_APP=$MLNB_HUB_APP holds no mlnb.dll; give a folder mlnb was built or published into" >&2; exit 2; }
        # A build folder that also holds a test host (the hub tests pass theirs): its test-only files stay out.
        cp -a "$MLNB_HUB_APP" "$ctx/prebuilt/mlnb"
        (cd "$ctx/prebuilt/mlnb" && rm -rf -- *.Tests.* xunit.* testhost* Microsoft.TestPlatform.* Microsoft.VisualStudio.* *.dbg TestResults)
      else
        log "publishing mlnb into $ctx/prebuilt/mlnb"
        dotnet publish "$root/src/MlNotebooks.Cli/MlNotebooks.Cli.csproj" -c Release -p:UseAppHost=false --nologo -v q \
          -o "$ctx/prebuilt/mlnb" >&2
      fi
      build singleuser localhost/mlnb-singleuser:latest "$here/singleuser/Dockerfile" "$ctx" "$runtime" \
        --build-arg "SDK_IMAGE=$runtime" --build-arg "BASE_IMAGE=$runtime" ;;
    hub)
      ctx="$(mktemp -d)"; mkdir -p "$ctx/hub"
      cp "$here/jupyterhub_config.py" "$here/mlnb_idle_culler.py" "$ctx/hub/"
      build hub localhost/mlnb-hub:latest "$here/Dockerfile" "$ctx" "$debian" \
        --build-arg "BASE_IMAGE=$debian" --build-arg "DOCKERSPAWNER_VERSION="
      rm -rf "$ctx" ;;
    postgres)
      ctx="$(mktemp -d)"; cp "$root/scripts/containers/postgres-entrypoint.sh" "$ctx/"
      build postgres localhost/mlnb-postgres:15 "$root/scripts/containers/Dockerfile.postgres" "$ctx" "$debian" \
        --build-arg "BASE_IMAGE=$debian"
      rm -rf "$ctx" ;;
    *) echo "hub images: unknown image '$what'; give singleuser, hub or postgres" >&2; exit 2 ;;
  esac
done
