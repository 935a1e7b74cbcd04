#!/usr/bin/env bash
# Installs the pinned Node packages (Azurite, the Engage npm client and bridge) when package-lock.json changed
# since the last install, or when node_modules is missing. Never runs install scripts (they may download binaries).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
stamp=node_modules/.engage-lock.sha256
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  echo "npm: installing Node packages (npm ci)"
  npm ci --ignore-scripts --no-audit --no-fund
  echo "$want" > "$stamp"
fi
