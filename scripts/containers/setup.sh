#!/usr/bin/env bash
# Local container images for tests and exported projects, idempotently (quiet when everything is present):
#   1. Debian's podman, buildah, runc, catatonit, debootstrap (scripts/deps/apt-containers.txt);
#   2. localhost/mlnb-debian-base:bookworm: `debootstrap --variant=minbase bookworm` from the machine's own Debian
#      mirror (debian-base.sh), imported with `podman import`; labelled with a hash of its inputs (that recipe and
#      the mirror) and rebuilt only when that hash changes;
#   3. localhost/mlnb-dotnet-runtime:VERSION: the base plus the host's shared .NET runtime (Microsoft.NETCore.App +
#      Microsoft.AspNetCore.App, not the SDK), brought in through the build context (no registry is reachable).
# Prints the image names (base, runtime) on stdout. Uses scripts/containers/containers.conf via CONTAINERS_CONF.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source "$here/env.sh"
log() { echo "containers: $*" >&2; }

# 1. packages
mapfile -t wanted < <(grep -hv '^\s*#' "$root/scripts/deps/apt-containers.txt" | awk 'NF{print $1}')
missing=()
for p in "${wanted[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 ||
    { $SUDO apt-get update -qq >&2; DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2; }
fi
[ "$(id -u)" -eq 0 ] || { echo "containers: podman must run as root here (rootless podman lacks subuids and cgroups on this machine); run as root" >&2; exit 1; }

# 2. the Debian base
mirror="${MLNB_DEBIAN_MIRROR:-$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
  grep -oE '(https?)://[^ ]+/debian/?( |$)' | grep -v security | head -n1 | tr -d ' ' || true)}"
mirror="${mirror:-http://deb.debian.org/debian}"
base=localhost/mlnb-debian-base:bookworm
# The image's inputs: its recipe and the mirror. Same inputs, same image: never rebuilt.
base_hash="$(cat "$here/debian-base.sh" <(echo "$mirror") | sha256sum | cut -c1-16)"
have="$(podman image inspect --format '{{ index .Labels "mlnb.inputs" }}' "$base" 2>/dev/null || true)"
if [ "$have" != "$base_hash" ]; then
  old_base="$(podman image inspect --format '{{.Id}}' "$base" 2>/dev/null || true)"
  log "building $base from $mirror (debootstrap --variant=minbase; 1-5 minutes)"
  bash "$here/debian-base.sh" "$mirror" "$base" "$base_hash"
fi

# 3. the .NET runtime layer (shared frameworks only)
dotnet_root="${DOTNET_ROOT:-$(dirname "$(readlink -f "$(command -v dotnet)")")}"
netcore="$(ls -d "$dotnet_root"/shared/Microsoft.NETCore.App/10.* | sort -V | tail -n1)"
aspnet="$(ls -d "$dotnet_root"/shared/Microsoft.AspNetCore.App/10.* | sort -V | tail -n1)"
version="$(basename "$netcore")"
runtime=localhost/mlnb-dotnet-runtime:$version
rt_hash="$(cat <(echo "$base_hash $version $(basename "$aspnet")") "$here/Dockerfile.dotnet-runtime" | sha256sum | cut -c1-16)"
have="$(podman image inspect --format '{{ index .Labels "mlnb.inputs" }}' "$runtime" 2>/dev/null || true)"
if [ "$have" != "$rt_hash" ]; then
  log "building $runtime from $dotnet_root (shared runtime only)"
  ctx="$(mktemp -d)"; trap 'rm -rf "$ctx"' EXIT
  mkdir -p "$ctx/dotnet/shared/Microsoft.NETCore.App" "$ctx/dotnet/shared/Microsoft.AspNetCore.App" "$ctx/dotnet/host"
  cp -a "$netcore" "$ctx/dotnet/shared/Microsoft.NETCore.App/"
  cp -a "$aspnet" "$ctx/dotnet/shared/Microsoft.AspNetCore.App/"
  cp -a "$dotnet_root/host/fxr" "$ctx/dotnet/host/"
  cp -a "$dotnet_root/dotnet" "$dotnet_root/LICENSE.txt" "$ctx/dotnet/" 2>/dev/null || cp -a "$dotnet_root/dotnet" "$ctx/dotnet/"
  old_runtime="$(podman image inspect --format '{{.Id}}' "$runtime" 2>/dev/null || true)"
  podman build -q --layers=false --build-arg "BASE_IMAGE=$base" --label "mlnb.inputs=$rt_hash" -f "$here/Dockerfile.dotnet-runtime" -t "$runtime" "$ctx" >/dev/null
  rm -rf "$ctx"; trap - EXIT
fi
# The images these replaced (now untagged), runtime before the base it was built on; never any other image.
for id in "${old_runtime:-}" "${old_base:-}"; do [ -n "$id" ] && podman rmi "$id" >/dev/null 2>&1 || true; done
echo "$base"
echo "$runtime"
