#!/usr/bin/env bash
# Builds and runs the data benchmark: a generated 1 GB folder of mixed files added with mlnb vs md5sum over the same
# files, an unchanged re-add, and 10,000 small files. Options: --size-mb N (default 1024), --small N (default 10000),
# --dir PATH (default a temp folder, removed afterwards).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dotnet build "$here/MlNotebooks.Benchmarks.Data.csproj" -c Release -nologo -v q -clp:ErrorsOnly -o "$here/../../.build/bench-data" >&2
exec dotnet "$here/../../.build/bench-data/MlNotebooks.Benchmarks.Data.dll" "$@"
