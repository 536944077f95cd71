#!/usr/bin/env bash
# Server UI benchmark: 10,000 runs in one experiment and 10 runs x 100,000 metric points, measured in headless
# Chromium against the real server: first rendered runs table and the 10 x 100,000 chart drawn, each beside an
# in-run anchor that loads everything through MLflow's REST API and draws it whole. Not a test: prints figures.
# Usage: benchmarks/server/ui/run.sh [--runs N] [--chart-runs N] [--points N] [--repeat N] [--screenshots DIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dotnet build "$here/MlNotebooks.Benchmarks.ServerUi.csproj" -c Release -nologo -v q -clp:ErrorsOnly
exec dotnet "$here/bin/Release/net10.0/MlNotebooks.Benchmarks.ServerUi.dll" "$@"
