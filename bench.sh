#!/usr/bin/env bash
# Builds in Release and runs VersatileHub.Bench against a throwaway PostgreSQL (default durability, fsync on)
# and Redis; prints the results table. Arguments go on to the benchmark program: one of eventbus, catalog,
# availability, booking, fanout, ingest, conversations, agent, whatsapp or flow runs that group alone (none runs all). Figures:
# docs/BENCHMARKS.md.
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
start_servers durable
dotnet VersatileHub.Bench/bin/Release/net10.0/VersatileHub.Bench.dll "$@"
