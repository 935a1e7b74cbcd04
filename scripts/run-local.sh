#!/usr/bin/env bash
# Runs Engage Functions locally from a fresh clone: installs the Node packages if missing (Azurite), builds
# the local runner, starts Azurite on free ports (data in .engage/azurite), bootstraps (prints an admin token
# and a demo source), and serves every function on http://127.0.0.1:${PORT:-7071} in the foreground.
# Ctrl-C stops the runner and Azurite. Extra arguments go to the runner (e.g. --urls http://127.0.0.1:8080).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

if [[ ! -f node_modules/azurite/dist/src/azurite.js || ! -f node_modules/ringcentral-engage-client/package.json ]]; then
  echo "run-local: installing Node packages (npm ci)"
  npm ci --ignore-scripts --no-audit --no-fund
fi

echo "run-local: building functions/Engage.LocalRunner"
dotnet build functions/Engage.LocalRunner/Engage.LocalRunner.csproj -c Debug --nologo -v quiet -tl:off

exec dotnet run --no-build -c Debug --project functions/Engage.LocalRunner/Engage.LocalRunner.csproj -- \
  --azurite --bootstrap --urls "http://127.0.0.1:${PORT:-7071}" "$@"
