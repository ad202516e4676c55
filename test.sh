#!/usr/bin/env bash
# Runs every test against a throwaway PostgreSQL and Redis, then removes them.
# Arguments go on to dotnet test, e.g. ./test.sh --filter "FullyQualifiedName~VersatileHub.Tests.Chat"
# The last line of output is always "N passed, N failed, N skipped"; the exit code is non-zero
# when a test failed, when dotnet test failed, or when no test ran.
set -euo pipefail
cd -- "$(dirname -- "${BASH_SOURCE[0]}")"
# shellcheck source=run.sh
source ./run.sh   # ensure_prerequisites, ensure_browser, PG_BIN

# shellcheck source=scripts/throwaway-servers.sh
source ./scripts/throwaway-servers.sh   # start_servers, stop_servers, $work

trap stop_servers EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

summary() { echo "$1 passed, $2 failed, $3 skipped"; }

# Stops everything, says why, and ends with the summary line of a run where nothing ran.
fail() {
  stop_servers
  echo "test.sh: $*" >&2
  summary 0 0 0
  exit 1
}

ensure_prerequisites || fail "prerequisites are missing"
ensure_browser || fail "chromium is missing"
dotnet build VersatileHub.sln || fail "the build failed"

start_servers fast || fail "the test servers did not start"

test_status=0
# trx without a fixed file name: one uniquely named file per test project.
# A test that hangs fails the run (with a dump) instead of holding CI until its time runs out.
dotnet test VersatileHub.sln --no-build --logger trx --results-directory "$work/results" --blame-hang-timeout 5m "$@" || test_status=$?

shopt -s nullglob
trx_files=("$work"/results/*.trx)
shopt -u nullglob
passed=0 failed=0 skipped=0
if ((${#trx_files[@]} > 0)); then
  # Sum the <Counters .../> of every trx (errors, timeouts and aborts count as failures);
  # skipped tests are not counted there but are results with outcome="NotExecuted".
  read -r passed failed skipped < <(awk '
    /<Counters / {
      for (i = 1; i <= NF; i++)
        if (split($i, kv, "=") == 2) { gsub(/[^0-9]/, "", kv[2]); c[kv[1]] += kv[2] }
    }
    /<UnitTestResult / && /outcome="NotExecuted"/ { skipped++ }
    END { print c["passed"] + 0, c["failed"] + c["error"] + c["timeout"] + c["aborted"], skipped + 0 }
  ' "${trx_files[@]}")
fi

stop_servers

status=0
if ((test_status != 0)); then
  echo "test.sh: dotnet test failed (exit code $test_status)" >&2
  status=1
fi
if ((${#trx_files[@]} == 0)); then
  echo "test.sh: dotnet test produced no test results" >&2
  status=1
elif ((passed + failed == 0)); then
  echo "test.sh: no test ran" >&2
  status=1
fi
((failed == 0)) || status=1
summary "$passed" "$failed" "$skipped"
exit "$status"
