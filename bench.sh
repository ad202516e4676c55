#!/usr/bin/env bash
# Builds in Release and runs VersatileHub.Bench against a throwaway PostgreSQL (default durability, fsync on)
# and Redis; prints the results table. Arguments go on to the benchmark program: one of eventbus, catalog,
# availability, booking, fanout, ingest, conversations, agent, whatsapp, flow or suite runs that group alone (none runs all). Figures:
# docs/BENCHMARKS.md. `./bench.sh faults [scale]` is the fault run instead (docs/RELIABILITY.md; non-zero exit when a check fails).
set -euo pipefail
cd -- "$(dirname -- "${BASH_SOURCE[0]}")"
# shellcheck source=run.sh
source ./run.sh   # ensure_prerequisites, PG_BIN
# shellcheck source=scripts/throwaway-servers.sh
source ./scripts/throwaway-servers.sh   # start_servers, stop_servers

trap stop_servers EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_prerequisites
dotnet build -c Release VersatileHub.Bench
# The suite group times the built AppHost's start-up, as ./run.sh runs it.
if [[ $# -eq 0 || $1 == suite ]]; then dotnet build -c Release VersatileHub.AppHost; fi
start_servers durable
dotnet VersatileHub.Bench/bin/Release/net10.0/VersatileHub.Bench.dll "$@"
