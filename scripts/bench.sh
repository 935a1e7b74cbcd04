#!/usr/bin/env bash
# Runs the thread-list benchmark (README, "Performance"): starts its own in-memory Azurite and the local runner,
# creates 50 threads through the Send API, seeds the demo source to 1,000 then 100,000 threads, and times
# GET /1.0/content_threads?limit=30 at each size. Writes bench/results/threads-list.md and .json.
# `--smoke` runs a small version (200 threads, 20 requests) into bench/results/smoke; `--out DIR` writes elsewhere.
# Takes several minutes in full; run it on an otherwise idle machine.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

scripts/npm-install.sh
dotnet build bench/Engage.Benchmarks -c Release --nologo -v quiet
dotnet run -c Release --no-build --project bench/Engage.Benchmarks -- threads "$@"
