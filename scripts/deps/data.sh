#!/usr/bin/env bash
# Installs s3rver 3.7.1 (an S3-compatible server on Node; Debian and npm have no MinIO) into a folder outside the
# repository, idempotently. scripts/services/30-s3.sh starts it on 127.0.0.1 for the S3 remote tests.
set -euo pipefail
dir="${MLNB_TOOLS_DIR:-$HOME/.cache/mlnb-tools}/s3rver-3.7.1"
if [ -x "$dir/node_modules/.bin/s3rver" ]; then exit 0; fi
if ! command -v npm >/dev/null; then
  echo "Installing Debian package: npm" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends npm >&2
fi
mkdir -p "$dir"
echo "Installing s3rver@3.7.1 into $dir" >&2
(cd "$dir" && npm install --no-audit --no-fund --loglevel=error s3rver@3.7.1 >&2)
