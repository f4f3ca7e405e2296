#!/usr/bin/env bash
# Builds and runs every test of DQ Platform against real PostgreSQL, Redis and MariaDB (see README: "Tests").
# The test fixture starts throw-away servers itself unless DQP_TEST_POSTGRES / DQP_TEST_REDIS / DQP_TEST_MARIADB
# name some; this script only makes sure the binaries it needs are installed, then runs the suites and the
# run-command check.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=lib/local-services.sh
source "$ROOT/scripts/lib/local-services.sh"

command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is not on PATH: install .NET 10."
[ -n "${DQP_TEST_REDIS:-}" ] || ensure_package redis-server redis-server
# mariadbd lives in /usr/sbin, which need not be on PATH; the tests look there too. Its system service (port 3306,
# /var/lib/mysql) is of no use to them, so it is not started.
if [ -z "${DQP_TEST_MARIADB:-}" ] && ! command -v mariadbd >/dev/null 2>&1 && [ ! -x /usr/sbin/mariadbd ]; then
  PATH="$PATH:/usr/sbin" ensure_package mariadbd mariadb-server no-start
fi
[ -n "${DQP_TEST_POSTGRES:-}" ] || pg_bin_dir >/dev/null
if is_root && [ -z "${DQP_TEST_POSTGRES:-}" ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi

[ -x /usr/bin/chromium ] || [ -n "${CHROMIUM:-}" ] || ensure_package chromium chromium
command -v node >/dev/null 2>&1 || ensure_package node nodejs
command -v npm >/dev/null 2>&1 || ensure_package npm npm
log "installing the npm test clients (graphql-http, playwright-core, s3rver)…"
(cd "$ROOT/tests/conformance" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

results="$ROOT/.local/test-results"
rm -rf "$results"
status=0
dotnet test DqPlatform.sln -c Release --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done

if [ "$status" -eq 0 ] && [ "${DQP_SKIP_RUN_CHECK:-0}" != 1 ]; then
  if bash "$ROOT/scripts/check-run-command.sh"; then passed=$((passed + 1)); else failed=$((failed + 1)); status=1; fi
fi

echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
