#!/usr/bin/env bash
# Runs the whole test suite. The tests start their own throwaway PostgreSQL 15 and Redis servers on loopback
# (or use TEST_DATABASE_URL / TEST_REDIS_URL); this script installs redis-server and chromium (the dashboard's
# browser tests) first when they are missing. Building needs Node and npm (the dashboard's front end).
# Prints "N passed, N failed, N skipped" last; exits non-zero when a test fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v redis-server >/dev/null 2>&1 && [ -z "${TEST_REDIS_URL:-}" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing redis-server (the tests start their own Redis)..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  else
    echo "redis-server is required (apt-get install redis-server), or set TEST_REDIS_URL." >&2
    exit 1
  fi
fi

# The dashboard's browser tests drive Debian's Chromium (Playwright's own download is not used).
if ! command -v chromium >/dev/null 2>&1 && [ -z "${SOLSTAKE_CHROMIUM:-}" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing chromium (the dashboard's browser tests)..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium is required for the browser tests (apt-get install chromium), or set SOLSTAKE_CHROMIUM to a Chromium binary." >&2
    exit 1
  fi
fi

if [ -z "${TEST_DATABASE_URL:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "PostgreSQL (initdb, pg_ctl) is required: apt-get install postgresql-15, or set TEST_DATABASE_URL." >&2
  exit 1
fi

log="${TEST_LOG:-$(mktemp -t solstake-test.XXXXXX.log)}"
status=0
dotnet test SolStake.sln -c Release "$@" 2>&1 | tee "$log" || status=$?

# dotnet test prints one "Passed!/Failed!  - Failed: N, Passed: N, Skipped: N, ..." line per test assembly.
awk '/^[[:space:]]*(Passed|Failed)!/ { gsub(",", ""); f += $4; p += $6; s += $8 }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
