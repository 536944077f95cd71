#!/usr/bin/env bash
# Serving benchmark: wrk against the OIP v2 infer endpoint and a trivial JSON endpoint of the same server, in-process
# ONNX Runtime calls, then a hot swap under load. Not a test: prints figures and ratios.
# Usage: benchmarks/serving/run.sh [--duration SECONDS] [--connections N] [--warmup SECONDS (each path, twice)] [--recording [--rounds N]]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/../../scripts/ensure-deps.sh"
dotnet build "$here/MlNotebooks.Benchmarks.Serving.csproj" -c Release -nologo -v q -clp:ErrorsOnly
exec dotnet "$here/bin/Release/net10.0/MlNotebooks.Benchmarks.Serving.dll" "$@"
