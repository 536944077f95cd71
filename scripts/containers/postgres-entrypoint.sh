#!/bin/sh
# First start: initdb with POSTGRES_USER as superuser and POSTGRES_PASSWORD (never on a command line: a 0600 file,
# removed), POSTGRES_DB created; every start: PostgreSQL as the postgres user, listening on all of the container's
# addresses with password authentication. Like the official image's entrypoint, for what docker-compose.yml uses.
set -eu
: "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"
user="${POSTGRES_USER:-postgres}"; db="${POSTGRES_DB:-$user}"
as_pg() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
mkdir -p "$PGDATA" /var/run/postgresql
chown -R postgres:postgres "$PGDATA" /var/run/postgresql
chmod 0700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pw="$(mktemp)"; printf '%s\n' "$POSTGRES_PASSWORD" > "$pw"; chown postgres "$pw"; chmod 0600 "$pw"
  as_pg initdb -D "$PGDATA" -U "$user" --pwfile="$pw" --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pw"
  echo "host all all 0.0.0.0/0 scram-sha-256" >> "$PGDATA/pg_hba.conf"
  if [ "$db" != "postgres" ]; then
    as_pg pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -k /var/run/postgresql" -w start >/dev/null
    as_pg psql -h /var/run/postgresql -U "$user" -d postgres -q -c "CREATE DATABASE \"$db\" OWNER \"$user\""
    as_pg pg_ctl -D "$PGDATA" -w stop >/dev/null
  fi
fi
exec setpriv --reuid=postgres --regid=postgres --init-groups postgres -D "$PGDATA" -c listen_addresses='*' -k /var/run/postgresql
