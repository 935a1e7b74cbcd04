#!/usr/bin/env bash
# Runs the benchmarks (README, "Performance"), each against its own in-memory Azurite and the local runner:
#   threads  GET /1.0/content_threads?limit=30 at 1,000 and 100,000 threads, with a storage breakdown
#            -> bench/results/threads-list.md/.json
#   flow     ingest throughput of signed Send API pushes at 1, 8 and 32 senders next to Azurite's raw rate for the
#            same storage work; storage operations per message, reply and list call, per function; end-to-end
#            latency from a customer push to a bot's webhook and to its reply at the bridge
#            -> bench/results/flow.md/.json
#   micro    BenchmarkDotNet micro-benchmarks of signatures, JSON writing and q parsing -> bench/results/micro.md/.json
# With no subcommand (or `all`) runs all three. `--smoke` runs a small version into bench/results/smoke (micro is
# skipped: the smoke test calls each method once); `--out DIR` writes elsewhere.
# Takes about half an hour in full; run it on an otherwise idle machine.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

scripts/npm-install.sh
dotnet build bench/Engage.Benchmarks -c Release --nologo -v quiet
dotnet run -c Release --no-build --project bench/Engage.Benchmarks -- "$@"
