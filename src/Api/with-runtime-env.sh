#!/bin/sh
# Runs a command with the runtime's start-up settings from runtime.env (next to this script), except those the
# environment already sets. scripts/run.sh and the Dockerfile start the API through it.
set -eu
here=$(dirname "$0")
while IFS='=' read -r name value; do
  case "$name" in
    '' | '#'*) continue ;;
    *[!A-Za-z0-9_]*) echo "runtime.env: bad name '$name'" >&2; exit 2 ;;
  esac
  eval "current=\${$name:-}"
  [ -n "$current" ] || export "$name=$value"
done < "$here/runtime.env"
exec "$@"
