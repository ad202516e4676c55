#!/usr/bin/env bash
# Throwaway PostgreSQL and Redis on free loopback ports in a temporary folder, for ./test.sh and ./bench.sh.
# Source it, then: start_servers fast|durable  (exports VH_TEST_POSTGRES, VH_TEST_REDIS, VH_TEST_PG_BIN)
# and stop_servers (silent, safe to call twice). Needs PG_BIN (from run.sh).

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

# Stops both servers and removes the temporary folder.
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

# fast: no fsync (test data is thrown away); durable: PostgreSQL's default durability (benchmarks).
# On failure, says why on stderr and returns non-zero.
start_servers() {
  local durability=${1:-fast} pg_options
  work=$(mktemp -d "${TMPDIR:-/tmp}/versatilehub-$durability.XXXXXX")
  chmod 755 "$work"   # the postgres user must reach its folder inside
  pg_dir=$work/postgres
  redis_pid_file=$work/redis.pid
  mkdir -m 700 "$pg_dir"

  local pg_password
  pg_password=$(random_secret)
  printf '%s\n' "$pg_password" >"$pg_dir/pwfile"
  if ((EUID == 0)); then chown -R postgres:postgres "$pg_dir"; fi
  as_postgres "$PG_BIN/initdb" -D "$pg_dir/data" -U postgres --auth=scram-sha-256 --pwfile="$pg_dir/pwfile" \
    --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$work/initdb.log" 2>&1 \
    || { cat "$work/initdb.log" >&2; echo "initdb failed" >&2; return 1; }

  local pg_port
  pg_port=$(free_port) || { echo "found no free port for PostgreSQL" >&2; return 1; }
  pg_options="-p $pg_port -c listen_addresses=127.0.0.1 -k $pg_dir -c max_connections=300"
  if [[ $durability == fast ]]; then
    pg_options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  as_postgres "$PG_BIN/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/postgres.log" -w -t 60 -o "$pg_options" start >/dev/null \
    || { tail -n 20 "$pg_dir/postgres.log" >&2 || true; echo "PostgreSQL did not start" >&2; return 1; }
  wait_for "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$pg_port" || { echo "PostgreSQL does not answer on port $pg_port" >&2; return 1; }

  # Chosen after PostgreSQL listens, so the two ports differ.
  redis_port=$(free_port) || { echo "found no free port for Redis" >&2; return 1; }
  redis_password=$(random_secret)
  redis-server --port "$redis_port" --bind 127.0.0.1 --requirepass "$redis_password" --save '' --appendonly no \
    --daemonize yes --pidfile "$redis_pid_file" --dir "$work" --logfile "$work/redis.log" \
    || { echo "Redis did not start" >&2; return 1; }
  wait_for redis_answers || { tail -n 20 "$work/redis.log" >&2 || true; echo "Redis does not answer on port $redis_port" >&2; return 1; }

  echo "PostgreSQL on 127.0.0.1:$pg_port ($durability), Redis on 127.0.0.1:$redis_port (throwaway, in $work)"
  export VH_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=$pg_password"
  export VH_TEST_REDIS="127.0.0.1:$redis_port,password=$redis_password"
  export VH_TEST_PG_BIN=$PG_BIN
}
