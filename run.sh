#!/usr/bin/env bash
# Installs what is missing, builds when a source changed, and starts the whole suite (the AppHost) with its dashboard;
# its first line is the dashboard's login URL. Arguments go on to the AppHost (`./run.sh publish --client ...` publishes).
# test.sh sources this file for ensure_prerequisites and PG_BIN.
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin

# Checks for the .NET SDK and installs PostgreSQL 15, Redis and docker-compose from apt when they are missing.
# Returns non-zero (with the reason on stderr) when something is missing and cannot be installed.
ensure_prerequisites() {
  if ! command -v dotnet >/dev/null 2>&1; then
    cat >&2 <<'EOF'
The .NET 10 SDK is missing (no `dotnet` on PATH). Install it, for example:
  curl -sSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel 10.0
  export PATH="$HOME/.dotnet:$PATH"
or see https://dotnet.microsoft.com/download/dotnet/10.0
EOF
    return 1
  fi

  local missing=()
  [[ -x $PG_BIN/initdb && -x $PG_BIN/pg_ctl && -x $PG_BIN/pg_isready ]] || missing+=(postgresql-15)
  { command -v redis-server && command -v redis-cli; } >/dev/null 2>&1 || missing+=(redis-server)
  # The AppHost's publishing tests check every compose file with `docker-compose config` (no container engine needed).
  command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
  ((${#missing[@]} == 0)) && return 0

  if ((EUID != 0)); then
    echo "Missing: ${missing[*]}. Install with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    return 1
  fi
  echo "Installing ${missing[*]}..."
  apt-get update || return 1
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" || return 1
}

# The headless browser the web app's specs drive (test.sh only; Playwright cannot download one here).
ensure_browser() {
  command -v chromium >/dev/null 2>&1 && return 0
  if ((EUID != 0)); then
    echo "Missing: chromium. Install with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y chromium" >&2
    return 1
  fi
  echo "Installing chromium..."
  apt-get update || return 1
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium || return 1
}

# Builds the solution unless nothing it is built from changed since the last good build (a stamp in .versatilehub/),
# quietly: its output is shown only when it fails, so that the AppHost's first line (the dashboard URL) is the first line.
build_if_stale() {
  local stamp=.versatilehub/build.stamp log
  if [[ -f $stamp ]] && [[ -z $(find VersatileHub.* Directory.Build.props Directory.Packages.props global.json \
      \( -name bin -o -name obj \) -prune -o -type f -newer "$stamp" -print -quit) ]]; then
    return 0
  fi
  mkdir -p .versatilehub
  log=.versatilehub/build.log
  if ! dotnet build VersatileHub.sln -nologo -v q >"$log" 2>&1; then
    cat "$log" >&2
    echo "The build failed (output above, also in $log)." >&2
    return 1
  fi
  touch "$stamp"
}

main() {
  cd -- "$(dirname -- "${BASH_SOURCE[0]}")"
  ensure_prerequisites
  build_if_stale
  # The built AppHost, straight: `dotnet run` would check the build again. exec, so that Ctrl+C reaches the AppHost,
  # which stops everything it started. `./run.sh publish --client <name> ...` publishes instead of running.
  exec dotnet VersatileHub.AppHost/bin/Debug/net10.0/VersatileHub.AppHost.dll "$@"
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  main "$@"
fi
