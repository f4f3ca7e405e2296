# Local PostgreSQL and Redis for development, sourced by scripts/run.sh.
# Everything lives under .local/ (git-ignored) or, when the postgres user cannot reach the checkout
# (a clone under /root, say), under /var/tmp/dqp-<hash>, linked from .local/.

DQP_PG_PORT="${DQP_PG_PORT:-55432}"
DQP_REDIS_PORT="${DQP_REDIS_PORT:-56379}"

log() { printf 'dqp: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }

# Installs missing Debian packages when this user can (root, or passwordless sudo); otherwise says what to install.
# With a third argument "no-start" the package's system service is not started: a policy-rc.d denies it for the
# length of the install, unless one is there already (as in Docker images, where apt prints the harmless
# "policy-rc.d denied execution of start").
ensure_package() {
  local command_name="$1" package="$2" no_start="${3:-}"
  command -v "$command_name" >/dev/null 2>&1 && return 0
  local sudo=""
  if ! is_root; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"; else
      die "$command_name is missing: install it with 'apt-get install -y $package' (or give connection strings, see README)."
    fi
  fi
  command -v apt-get >/dev/null 2>&1 || die "$command_name is missing and apt-get is not available: install $package."
  log "installing $package (apt-get)…"
  $sudo apt-get update -qq >/dev/null
  local deny="" status=0
  if [ "$no_start" = no-start ] && [ ! -e /usr/sbin/policy-rc.d ]; then
    deny=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$deny" >/dev/null
    $sudo chmod 755 "$deny"
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$package" >/dev/null || status=$?
  if [ -n "$deny" ]; then $sudo rm -f "$deny"; fi
  [ "$status" -eq 0 ] || die "apt-get install $package failed."
  command -v "$command_name" >/dev/null 2>&1 || die "installing $package did not provide $command_name."
}

pg_bin_dir() {
  if [ -n "${DQP_PG_BIN:-}" ]; then echo "$DQP_PG_BIN"; return; fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: install postgresql, or set ConnectionStrings__Postgres."
  echo "$dir"
}

# The cluster's locale is chosen here, not inherited: initdb refuses a LANG the machine lacks (en_US.UTF-8 from an
# ssh session on a machine with only C.UTF-8), and a cluster that sorted by the caller's culture would differ from
# machine to machine. C.UTF-8 sorts by code point like C and still knows the case of non-ASCII letters.
pg_cluster_locale() {
  if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then echo C.UTF-8; else echo C; fi
}

# PostgreSQL refuses to run as root: as root the cluster belongs to the postgres system user.
as_pg_user() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

local_state_dir() {
  local root="$1" dir="$1/.local"
  mkdir -p "$dir"
  if is_root; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    if ! runuser -u postgres -- test -x "$dir"; then
      local hash
      hash=$(printf '%s' "$root" | sha256sum | cut -c1-12)
      local outside="/var/tmp/dqp-$hash"
      mkdir -p "$outside"
      ln -sfn "$outside" "$dir/state"
      echo "$outside"
      return
    fi
  fi
  mkdir -p "$dir/state"
  echo "$dir/state"
}

# The cluster asks every client for a password (scram-sha-256): sources are configured by tenants, and a cluster that
# trusted anyone on the machine would be one a source connection could walk into as its superuser. The password is
# made once and kept in the git-ignored .local/, like the encryption key.
local_pg_password() {
  local root="$1" file="$1/.local/pg-password"
  if [ ! -s "$file" ]; then
    mkdir -p "$root/.local"
    (umask 077; head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' > "$file")
  fi
  cat "$file"
}

start_local_postgres() {
  local state="$1" password="$2" bin
  bin=$(pg_bin_dir)
  local data="$state/pg/data" sock="$state/pg"
  mkdir -p "$sock"
  is_root && chown postgres "$state/pg"
  export PGPASSWORD="$password"
  if [ ! -s "$data/PG_VERSION" ]; then
    log "creating a PostgreSQL cluster in $data"
    local pwfile="$state/pg/initdb-password"
    (umask 077; printf '%s\n' "$password" > "$pwfile")
    is_root && chown postgres "$pwfile"
    as_pg_user env -u LANG -u LANGUAGE LC_ALL=C "$bin/initdb" -D "$data" -U postgres --auth=scram-sha-256 --pwfile="$pwfile" \
      -E UTF8 --locale="$(pg_cluster_locale)" >/dev/null
    rm -f "$pwfile"
  fi
  if as_pg_user "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    log "PostgreSQL already running on port $DQP_PG_PORT"
  else
    log "starting PostgreSQL on 127.0.0.1:$DQP_PG_PORT"
    as_pg_user "$bin/pg_ctl" -D "$data" -l "$state/pg/postgres.log" -w -t 60 start \
      -o "-p $DQP_PG_PORT -k $sock -c listen_addresses=127.0.0.1" >/dev/null \
      || die "PostgreSQL did not start; see $state/pg/postgres.log"
  fi
  STARTED_PG_DATA="$data"
  STARTED_PG_BIN="$bin"
  # A cluster made by an earlier version of this script trusted every local client: give it the password and make
  # it ask for one from now on.
  if grep -Eq '^[[:space:]]*(local|host)[[:space:]].*[[:space:]]trust[[:space:]]*$' "$data/pg_hba.conf"; then
    log "the cluster trusted local clients; it asks for a password from now on"
    "$bin/psql" -h 127.0.0.1 -p "$DQP_PG_PORT" -U postgres -d postgres -qtAc "ALTER ROLE postgres PASSWORD '$password'" >/dev/null
    as_pg_user sed -i -E 's/[[:space:]]trust[[:space:]]*$/ scram-sha-256/' "$data/pg_hba.conf"
    as_pg_user "$bin/pg_ctl" -D "$data" reload >/dev/null
  fi
  "$bin/psql" -h 127.0.0.1 -p "$DQP_PG_PORT" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'dqp'" | grep -q 1 \
    || "$bin/createdb" -h 127.0.0.1 -p "$DQP_PG_PORT" -U postgres dqp
}

stop_local_postgres() {
  [ -n "${STARTED_PG_DATA:-}" ] || return 0
  log "stopping PostgreSQL"
  as_pg_user "$STARTED_PG_BIN/pg_ctl" -D "$STARTED_PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
  STARTED_PG_DATA=""
}

start_local_redis() {
  local state="$1"
  ensure_package redis-server redis-server
  mkdir -p "$state/redis"
  if [ -s "$state/redis/redis.pid" ] && kill -0 "$(cat "$state/redis/redis.pid")" 2>/dev/null; then
    log "Redis already running on port $DQP_REDIS_PORT"
  else
    log "starting Redis on 127.0.0.1:$DQP_REDIS_PORT"
    redis-server --port "$DQP_REDIS_PORT" --bind 127.0.0.1 --dir "$state/redis" --save "" --appendonly no \
      --daemonize yes --pidfile "$state/redis/redis.pid" --logfile "$state/redis/redis.log" >/dev/null
    for _ in $(seq 1 100); do [ -s "$state/redis/redis.pid" ] && break; sleep 0.05; done
  fi
  STARTED_REDIS_PID_FILE="$state/redis/redis.pid"
}

stop_local_redis() {
  [ -n "${STARTED_REDIS_PID_FILE:-}" ] || return 0
  log "stopping Redis"
  [ -s "$STARTED_REDIS_PID_FILE" ] && kill "$(cat "$STARTED_REDIS_PID_FILE")" 2>/dev/null || true
  STARTED_REDIS_PID_FILE=""
}

# Reads ConnectionStrings:<name> from src/Api/appsettings.Local.json or appsettings.json, if set there.
configured_connection_string() {
  local name="$1" root="$2" file value
  for file in "$root/src/Api/appsettings.Local.json" "$root/src/Api/appsettings.json"; do
    [ -f "$file" ] || continue
    value=$(sed -n "s/^[[:space:]]*\"$name\"[[:space:]]*:[[:space:]]*\"\(.*\)\"[[:space:]]*,\{0,1\}[[:space:]]*$/\1/p" "$file" | head -n 1)
    if [ -n "$value" ]; then echo "$value"; return; fi
  done
}
