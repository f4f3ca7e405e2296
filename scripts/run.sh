#!/usr/bin/env bash
# Runs DQ Platform on 127.0.0.1 with everything it needs. With no connection strings given (environment variables
# ConnectionStrings__Postgres / ConnectionStrings__Redis, or src/Api/appsettings.Local.json), it starts a local
# PostgreSQL cluster and Redis under .local/ and stops them again on Ctrl-C.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=lib/local-services.sh
source "$ROOT/scripts/lib/local-services.sh"

DQP_PORT="${DQP_PORT:-5080}"
command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is not on PATH: install .NET 10."

cleanup() {
  trap - EXIT INT TERM
  stop_local_redis
  stop_local_postgres
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

postgres="${ConnectionStrings__Postgres:-$(configured_connection_string Postgres "$ROOT")}"
redis="${ConnectionStrings__Redis:-$(configured_connection_string Redis "$ROOT")}"
state=""
if [ -z "$postgres" ] || [ -z "$redis" ]; then
  state=$(local_state_dir "$ROOT")
fi
if [ -z "$postgres" ]; then
  pg_password=$(local_pg_password "$ROOT")
  start_local_postgres "$state" "$pg_password"
  export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$DQP_PG_PORT;Database=dqp;Username=postgres;Password=$pg_password"
  # The demo source lives on this machine (in a database and role of its own, see README: Security).
  export Dqp__Sources__AllowLoopback="${Dqp__Sources__AllowLoopback:-true}"
  # Only on the local cluster: a demo source database with planted data problems, checked every minute.
  export Dqp__Startup__DemoData="${Dqp__Startup__DemoData:-true}"
else
  log "using the PostgreSQL server from the configuration"
fi
if [ -z "$redis" ]; then
  start_local_redis "$state"
  export ConnectionStrings__Redis="127.0.0.1:$DQP_REDIS_PORT"
else
  log "using the Redis server from the configuration"
fi

# A development key for connection configs (AES-256-GCM), made once and kept in the git-ignored .local/.
if [ -z "${Dqp__Encryption__ActiveKeyId:-}" ]; then
  key_file="$ROOT/.local/encryption-key"
  if [ ! -s "$key_file" ]; then
    (umask 077; head -c 32 /dev/urandom | base64 > "$key_file")
  fi
  export Dqp__Encryption__ActiveKeyId=local
  export Dqp__Encryption__Keys__local="$(cat "$key_file")"
fi

# The jobs dashboard (/hangfire) is for the platform's operators: a token made once in .local/, known to the server
# only by its SHA-256. Sign in at /hangfire-login with the file's content.
if [ -z "${Dqp__Operators__Tokens__local:-}" ]; then
  operator_file="$ROOT/.local/operator-token"
  if [ ! -s "$operator_file" ]; then
    (umask 077; head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' > "$operator_file")
  fi
  export Dqp__Operators__Tokens__local="$(tr -d '\n' < "$operator_file" | sha256sum | cut -c1-64)"
  log "operator token for the jobs dashboard (/hangfire-login): $operator_file"
fi

export Dqp__Startup__Bootstrap=true
# Browser apps on this machine (a Vite or Next dev server on any localhost port) may call the API.
export Dqp__Cors__AllowLocalDevelopment="${Dqp__Cors__AllowLocalDevelopment:-true}"
# Batch query exports, under the git-ignored .local/ unless configured elsewhere.
export Dqp__Queries__ResultsPath="${Dqp__Queries__ResultsPath:-$ROOT/.local/exports}"
log "building the API…"
dotnet build src/Api -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null || die "the build failed (run 'dotnet build src/Api' to see why)"
log "serving http://127.0.0.1:$DQP_PORT/graphql (Ctrl-C stops the API and what this script started)"
# In the foreground, so Ctrl-C reaches the API; the EXIT trap then stops the databases.
cd "$ROOT/src/Api"
# With the runtime's start-up settings that ship with the build (runtime.env).
bin/Release/net10.0/with-runtime-env.sh dotnet "bin/Release/net10.0/DqPlatform.Api.dll" --urls "http://127.0.0.1:$DQP_PORT"
