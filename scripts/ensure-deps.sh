#!/usr/bin/env bash
# Installs what the tests need, idempotently: Debian packages listed in scripts/deps/apt.txt,
# then any scripts/deps/*.sh (npm packages, dotnet tools, ...). Quiet when everything is present.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mapfile -t wanted < <(grep -hv '^\s*#' "$here"/deps/apt*.txt | awk 'NF{print $1}' | sort -u)
missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
for s in "$here"/deps/*.sh; do
  [ -e "$s" ] || continue
  bash "$s"
done
