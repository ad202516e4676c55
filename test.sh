#!/usr/bin/env bash
# Runs every test against a throwaway PostgreSQL and Redis, then removes them.
# Arguments go on to dotnet test, e.g. ./test.sh --filter "FullyQualifiedName~VersatileHub.Tests.Chat"
# The last line of output is always "N passed, N failed, N skipped"; the exit code is non-zero
# when a test failed, when dotnet test failed, or when no test ran.
set -euo pipefail
cd -- "$(dirname -- "${BASH_SOURCE[0]}")"
# shellcheck source=run.sh
source ./run.sh   # ensure_prerequisites, PG_BIN

work=""           # temporary folder: PostgreSQL data, Redis pid and logs, test results
pg_dir=""
redis_pid_file=""

# PostgreSQL refuses to run as root: as root, run its tools as the postgres user.
as_postgres() {
  if ((EUID == 0)); then
    (cd "$work" && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# Stops both servers and removes the temporary folder; silent, safe to call twice.
stop_servers() {
  [[ -n $work && -d $work ]] || return 0
  if [[ -f $pg_dir/data/postmaster.pid ]]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [[ -f $redis_pid_file ]]; then
    local pid
    pid=$(<"$redis_pid_file")
    kill "$pid" 2>/dev/null || true
    for _ in {1..50}; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf -- "$work"
  work=""
}
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

# A loopback port below the kernel's ephemeral range that no TCP socket uses now.
free_port() {
  local port
  for _ in {1..200}; do
    port=$((20000 + RANDOM % 12000))
    # Local addresses in /proc/net/tcp* are HEXADDR:HEXPORT (grep -qs: a missing tcp6 is no match).
    if ! grep -qsE "^ *[0-9]+: [0-9A-F]+:$(printf '%04X' "$port") " /proc/net/tcp /proc/net/tcp6; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

# Retries a command for up to about ten seconds.
wait_for() {
  for _ in {1..50}; do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  return 1
}

random_secret() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

# shellcheck disable=SC2317  # called through wait_for
redis_answers() { [[ $(redis-cli -h 127.0.0.1 -p "$redis_port" -a "$redis_password" --no-auth-warning ping 2>/dev/null) == PONG ]]; }

ensure_prerequisites || fail "prerequisites are missing"
dotnet build VersatileHub.sln || fail "the build failed"

work=$(mktemp -d "${TMPDIR:-/tmp}/versatilehub-test.XXXXXX")
chmod 755 "$work"   # the postgres user must reach its folder inside
pg_dir=$work/postgres
redis_pid_file=$work/redis.pid
mkdir -m 700 "$pg_dir"

pg_password=$(random_secret)
printf '%s\n' "$pg_password" >"$pg_dir/pwfile"
((EUID == 0)) && chown -R postgres:postgres "$pg_dir"
as_postgres "$PG_BIN/initdb" -D "$pg_dir/data" -U postgres --auth=scram-sha-256 --pwfile="$pg_dir/pwfile" \
  --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$work/initdb.log" 2>&1 \
  || { cat "$work/initdb.log" >&2; fail "initdb failed"; }

pg_port=$(free_port) || fail "found no free port for PostgreSQL"
as_postgres "$PG_BIN/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/postgres.log" -w -t 60 \
  -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $pg_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null \
  || { tail -n 20 "$pg_dir/postgres.log" >&2 || true; fail "PostgreSQL did not start"; }
wait_for "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$pg_port" || fail "PostgreSQL does not answer on port $pg_port"

# Chosen after PostgreSQL listens, so the two ports differ.
redis_port=$(free_port) || fail "found no free port for Redis"
redis_password=$(random_secret)
redis-server --port "$redis_port" --bind 127.0.0.1 --requirepass "$redis_password" --save '' --appendonly no \
  --daemonize yes --pidfile "$redis_pid_file" --dir "$work" --logfile "$work/redis.log" \
  || fail "Redis did not start"
wait_for redis_answers || { tail -n 20 "$work/redis.log" >&2 || true; fail "Redis does not answer on port $redis_port"; }

echo "PostgreSQL on 127.0.0.1:$pg_port, Redis on 127.0.0.1:$redis_port (throwaway, in $work)"
export VH_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=$pg_password"
export VH_TEST_REDIS="127.0.0.1:$redis_port,password=$redis_password"
export VH_TEST_PG_BIN=$PG_BIN

test_status=0
# trx without a fixed file name: one uniquely named file per test project.
dotnet test VersatileHub.sln --no-build --logger trx --results-directory "$work/results" "$@" || test_status=$?

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
