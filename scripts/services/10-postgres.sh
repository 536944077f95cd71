# Sourced by test.sh: starts Debian's PostgreSQL on 127.0.0.1 as a background process (not systemd), idempotently,
# and exports MLNB_TEST_POSTGRES_URI for the contract tests.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$pg_bin" ]; then
  echo "error: PostgreSQL binaries not found under /usr/lib/postgresql; scripts/ensure-deps.sh installs them" >&2
  return 1
fi
pg_port=${MLNB_PG_PORT:-54329}
pg_dir=${MLNB_SERVICES_DIR:-/tmp/mlnb-services}/pg
if ! "$pg_bin/pg_isready" -h 127.0.0.1 -p "$pg_port" -q 2>/dev/null; then
  mkdir -p "$pg_dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$pg_dir"; run_pg() { su postgres -s /bin/sh -c "$*"; }; else run_pg() { sh -c "$*"; }; fi
  # A server killed with its session leaves postmaster.pid behind; drop it unless that PID is a live postgres.
  if [ -f "$pg_dir/postmaster.pid" ]; then
    stale_pid=$(head -1 "$pg_dir/postmaster.pid")
    [ "$(ps -p "$stale_pid" -o comm= 2>/dev/null)" = "postgres" ] || rm -f "$pg_dir/postmaster.pid"
  fi
  if [ ! -f "$pg_dir/PG_VERSION" ]; then
    run_pg "'$pg_bin/initdb' -D '$pg_dir' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
  fi
  run_pg "'$pg_bin/pg_ctl' -D '$pg_dir' -l '$pg_dir/pg.log' -o \"-c listen_addresses=127.0.0.1 -p $pg_port -k '$pg_dir' -c fsync=off -c max_connections=200\" -w start" >/dev/null
fi
export MLNB_TEST_POSTGRES_URI="postgresql://postgres@127.0.0.1:$pg_port/postgres"
