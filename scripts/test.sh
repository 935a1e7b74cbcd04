#!/usr/bin/env bash
# Runs every test of Engage.Functions.sln in Release: one result line per test, then a summary line
# "N passed, N failed, N skipped". Needs nothing running: integration tests start their own Azurite from
# node_modules, installed here if missing. Exits non-zero on any failure, or when no test ran.
# Extra arguments go to `dotnet test` (e.g. --filter FullyQualifiedName~LocalRunner).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

scripts/npm-install.sh

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test Engage.Functions.sln -c Release --nologo -tl:off --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?

passed=$(grep -cE '^\s+Passed ' "$log" || true)
failed=$(grep -cE '^\s+Failed ' "$log" || true)
skipped=$(grep -cE '^\s+Skipped ' "$log" || true)
echo
echo "Summary: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [[ "$status" -eq 0 && "$passed" -eq 0 ]]; then
  echo "test: no test ran" >&2
  exit 1
fi
exit "$status"
