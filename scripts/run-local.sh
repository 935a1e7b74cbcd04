#!/usr/bin/env bash
# Runs Engage Functions locally from a fresh clone: installs the Node packages if missing (Azurite), builds
# the local runner, starts Azurite on free ports (data in .engage/azurite), bootstraps (prints an admin token
# and a demo source), and serves every function on http://127.0.0.1:${PORT:-7071} in the foreground, with the
# sample channel SDK bridge at /_demo/bridge as the demo source's endpoint (--demo-bridge; what it received is at
# /_demo/bridge/received), and a web chat demo page at /_demo/chat?source_id=... for a demo messaging source (its
# address is printed as "Web chat demo").
# Ctrl-C stops the runner and Azurite. Extra arguments go to the runner (e.g. --urls http://127.0.0.1:8080).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

scripts/npm-install.sh

echo "run-local: building functions/Engage.LocalRunner"
dotnet build functions/Engage.LocalRunner/Engage.LocalRunner.csproj -c Debug --nologo -v quiet -tl:off

# Run the built program itself (not `dotnet run`), so SIGTERM and Ctrl-C reach the runner, which then stops
# Azurite gracefully.
exec dotnet functions/Engage.LocalRunner/bin/Debug/net10.0/Engage.LocalRunner.dll \
  --azurite --bootstrap --demo-bridge --urls "http://127.0.0.1:${PORT:-7071}" "$@"
