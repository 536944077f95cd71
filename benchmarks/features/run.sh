#!/usr/bin/env bash
# Point-in-time join of ROWS entity rows x ROWS feature rows: ours vs pandas.merge_asof (Debian python3-pandas) and vs a
# hand-written DuckDB ASOF query on the same Parquet files; online lookup p50/p99 in-process and over HTTP.
# Usage: ./benchmarks/features/run.sh [ROWS] [ROUNDS]   (default 1000000 rows, 3 rounds)
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build benchmarks/features/MlNotebooks.Benchmarks.Features.csproj -c Release -v q -nologo >/dev/null
dotnet benchmarks/features/bin/Release/net10.0/MlNotebooks.Benchmarks.Features.dll "$@"
