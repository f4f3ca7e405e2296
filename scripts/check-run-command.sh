#!/usr/bin/env bash
# End-to-end check of the README's run command: from a clean clone of HEAD in a fresh temporary folder, with no
# connection strings, scripts/run.sh must bring up PostgreSQL, Redis and the API until /readyz answers 200, the
# demo checks must show results and incidents within two minutes, and Ctrl-C (SIGINT) must stop all three.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
  || shuf -i 20000-40000 -n 1; }

work=$(mktemp -d /tmp/dqp-run-check-XXXXXX)
chmod 755 "$work"
git clone --quiet "$ROOT" "$work/clone"
api_port=$(free_port); pg_port=$(free_port); redis_port=$(free_port)
log="$work/run.log"
started=$(date +%s)

# Job control gives the run command its own process group with SIGINT not ignored, as in a terminal,
# so signalling the group below is exactly what Ctrl-C does.
set -m
# A shell that started this script in the background without job control hands SIGINT down ignored, and a signal
# ignored on entry cannot be restored by bash itself: env restores its default, as a terminal's Ctrl-C has it.
env --default-signal=INT -u ConnectionStrings__Postgres -u ConnectionStrings__Redis -u ConnectionStrings__Data \
  DQP_PORT="$api_port" DQP_PG_PORT="$pg_port" DQP_REDIS_PORT="$redis_port" \
  bash "$work/clone/scripts/run.sh" >"$log" 2>&1 &
runner=$!
set +m

finish() {
  kill -INT -- "-$runner" 2>/dev/null || true
  # The API drains its Hangfire workers (up to 15 s) before the script stops the databases; on a loaded machine
  # that takes longer than on an idle one.
  for _ in $(seq 1 120); do kill -0 "$runner" 2>/dev/null || break; sleep 0.5; done
  kill -KILL -- "-$runner" 2>/dev/null || true
}

code=000
for _ in $(seq 1 300); do
  code=$(curl -s -o "$work/readyz.json" -w '%{http_code}' "http://127.0.0.1:$api_port/readyz" || true)
  [ "$code" = 200 ] && break
  kill -0 "$runner" 2>/dev/null || break
  sleep 1
done
elapsed=$(( $(date +%s) - started ))

if [ "$code" != 200 ]; then
  finish
  echo "run-command check: FAILED, /readyz answered $code after ${elapsed}s; the run log follows" >&2
  tail -n 60 "$log" >&2
  exit 1
fi
# The cluster the run command made must ask for a password: no superuser for anyone on the machine.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if env -u PGPASSWORD PGPASSFILE=/dev/null "$pg_bin/psql" -w -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c 'SELECT 1' >/dev/null 2>&1; then
  finish
  echo "run-command check: FAILED, the local PostgreSQL let a client in as postgres without a password" >&2
  exit 1
fi
key=$(grep -o 'dqp_[A-Za-z0-9_-]\{20,\}' "$log" | head -n 1 || true)
[ -n "$key" ] || { finish; echo "run-command check: FAILED, no admin key was printed on first start" >&2; exit 1; }

# The demo checks must produce results and open incidents without anyone touching anything.
query='{"query":"{ incidents(first: 1) { totalCount } checkResults(first: 1) { totalCount } }"}'
shown=""
for _ in $(seq 1 120); do
  answer=$(curl -s -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d "$query" "http://127.0.0.1:$api_port/graphql" || true)
  if grep -q '"incidents":{"totalCount":[1-9]' <<<"$answer" && grep -q '"checkResults":{"totalCount":[1-9]' <<<"$answer"; then
    shown="$(( $(date +%s) - started ))"
    break
  fi
  sleep 1
done
if [ -z "$shown" ]; then
  finish
  echo "run-command check: FAILED, no demo results and incidents 2 minutes after start (last answer: $answer)" >&2
  tail -n 40 "$log" >&2
  exit 1
fi

finish
still=""
(exec 3<>"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null && still="$still PostgreSQL"
(exec 3<>"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null && still="$still Redis"
(exec 3<>"/dev/tcp/127.0.0.1/$api_port") 2>/dev/null && still="$still API"
if [ -n "$still" ]; then
  echo "run-command check: FAILED, still running after Ctrl-C:$still" >&2
  exit 1
fi
rm -rf "$work" "/var/tmp/dqp-$(printf '%s' "$work/clone" | sha256sum | cut -c1-12)" 2>/dev/null || true
echo "run-command check: passed (clean clone → /readyz 200 in ${elapsed}s, PostgreSQL asks for passwords, demo results and incidents after ${shown}s; Ctrl-C stopped API, PostgreSQL and Redis)"
