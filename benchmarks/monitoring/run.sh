#!/usr/bin/env bash
# KS, chi-squared, Wasserstein and Jensen-Shannon on ROWS x 20 columns: ours vs scipy.stats (Debian python3-scipy).
# Usage: ./benchmarks/monitoring/run.sh [ROWS] [ROUNDS]   (default 1000000 rows, 3 rounds)
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build benchmarks/monitoring/MlNotebooks.Benchmarks.Monitoring.csproj -c Release -v q -nologo >/dev/null
dotnet benchmarks/monitoring/bin/Release/net10.0/MlNotebooks.Benchmarks.Monitoring.dll "$@"
