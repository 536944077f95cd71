#!/usr/bin/env bash
# The test command: installs and starts what the tests need (idempotently), runs every test project,
# and prints one closing line "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
bash scripts/ensure-deps.sh || { echo "error: could not install the test dependencies (see above)"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
for s in scripts/services/*.sh; do
  # shellcheck disable=SC1090
  source "$s" || { echo "error: starting $s failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
done
results=.tmp/test-results
rm -rf "$results"; mkdir -p "$results"
dotnet build MlNotebooks.sln -c Release -nologo -v q -clp:ErrorsOnly || { echo "error: build failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
dotnet test MlNotebooks.sln -c Release --no-build -nologo --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@"
status=$?
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(get total); executed=$(get executed); p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout); a=$(get aborted)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
  skipped=$((skipped + ${total:-0} - ${executed:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
# The fault-injection suite's total (tests/MlNotebooks.Cli.Tests/Faults): the line of the last area to finish.
grep -ho 'fault suite ([0-9]* areas so far)[^<&]*' "$results"/*.trx 2>/dev/null | sort -t'(' -k2,2n | tail -1
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
