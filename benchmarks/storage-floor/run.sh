#!/usr/bin/env bash
# Measures the server-side floor of one cycle's writes (floor.sql) on a throwaway PostgreSQL 15 started like the
# test harness starts it (loopback, fsync and synchronous_commit off), then removes it.
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/{15,16,17}/bin 2>/dev/null | head -1 || true)
dir=$(mktemp -d /tmp/solstake-floor.XXXXXX)
port=$((50000 + RANDOM % 10000))
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -c "$*"; else eval "$*"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$dir"
as_pg "$bin/initdb -D $dir/data -U postgres -A trust -E UTF8 --no-locale --no-sync" >/dev/null
as_pg "$bin/pg_ctl -D $dir/data -w -l $dir/log -o '-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off' start" >/dev/null
trap 'as_pg "$bin/pg_ctl -D $dir/data -w -m fast stop" >/dev/null; rm -rf "$dir"' EXIT
psql -h 127.0.0.1 -p "$port" -U postgres -f "$(dirname "$0")/floor.sql" 2>&1 | grep -E '^[0-9]\)|^Time|kB|MB'
