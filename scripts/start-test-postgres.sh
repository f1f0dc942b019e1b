#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the store tests and print the URL
# to put in ARMSWATCH_TEST_PG (the only thing written to standard output):
#
#   export ARMSWATCH_TEST_PG="$(scripts/start-test-postgres.sh)"
#   scripts/test.sh tests/store
#   scripts/start-test-postgres.sh stop
#
# The server listens on 127.0.0.1 only (port $ARMSWATCH_PG_PORT, default
# 55432), keeps its data under /tmp, and runs as the current user, or as
# "postgres" when started by root. Running it again while the server is up
# just prints the URL. Needs the PostgreSQL server binaries (Debian package
# "postgresql"); exits 1 without printing a URL when they are missing.
set -euo pipefail

PORT="${ARMSWATCH_PG_PORT:-55432}"
BASE="${ARMSWATCH_PG_DIR:-/tmp/armswatch-test-pg-$PORT}"
DATA="$BASE/data"
SOCK="$BASE/socket"
LOG="$BASE/server.log"
ROLE=armswatch
PASSWORD=armswatch
DB=armswatch_test
URL="postgresql+psycopg://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DB"

say() { echo "start-test-postgres: $*" >&2; }

BIN="${ARMSWATCH_PG_BIN:-}"
if [ -z "$BIN" ]; then
  BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
fi
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  say "PostgreSQL server binaries not found (install the 'postgresql' package)"
  exit 1
fi

# Run a command as the server's owner.
if [ "$(id -u)" -eq 0 ]; then
  OWNER=postgres
  id "$OWNER" >/dev/null 2>&1 || { say "root needs a 'postgres' user to run the server"; exit 1; }
  as_owner() { runuser -u "$OWNER" -- "$@"; }
else
  OWNER="$(id -un)"
  as_owner() { "$@"; }
fi

running() { as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

if [ "${1:-start}" = "stop" ]; then
  if [ -d "$DATA" ] && running; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >&2
  fi
  rm -rf "$BASE"
  say "stopped"
  exit 0
fi

if ! running; then
  rm -rf "$BASE"
  mkdir -p "$DATA" "$SOCK"
  chown -R "$OWNER" "$BASE"
  chmod 700 "$DATA"
  as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth-local=trust \
    --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$BASE/initdb.log" 2>&1 \
    || { say "initdb failed:"; cat "$BASE/initdb.log" >&2; exit 1; }
  as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $SOCK -c fsync=off -c full_page_writes=off" \
    start >/dev/null \
    || { say "server failed to start:"; cat "$LOG" >&2; exit 1; }
  psql() { as_owner "$BIN/psql" -h "$SOCK" -p "$PORT" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 "$@"; }
  psql -c "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD' CREATEDB" >&2
  psql -c "CREATE DATABASE $DB OWNER $ROLE" >&2
  say "started on 127.0.0.1:$PORT (data in $DATA; stop with: $0 stop)"
fi

echo "$URL"
