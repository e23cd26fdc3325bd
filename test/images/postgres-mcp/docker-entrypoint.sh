#!/bin/sh
# Entrypoint of the postgres-mcp TEST image, behaving as crystaldba/postgres-mcp v0.3.0's
# docker-entrypoint.sh does (FACTS.md):
# - `localhost` in a postgres URL argument or in DATABASE_URI becomes the Docker host: host.docker.internal
#   when it answers a ping, else 172.17.0.1 when that answers, else the URL stays as it is;
# - with `--transport sse` / `--transport=sse` and no `--sse-host...`, `--sse-host=0.0.0.0` is added;
# - it prints "Executing command:" and the command, runs it WITHOUT exec and, if it fails, prints
#   "Command was: ..." and exits with its code.
# As PID 1 this shell has no SIGTERM handler, so the kernel drops the SIGTERM of `docker stop`: the stop
# waits out the grace period and ends with SIGKILL, 137 (FACTS.md: "bash as PID 1 and does not exec").
# Written for busybox sh (the real one is bash): arrays are rebuilt with `set --`.

# Prints the string with its first "localhost" replaced by the Docker host; returns 1 when none answers.
replace_localhost() {
  docker_host=""
  if ping -c 1 -w 1 host.docker.internal >/dev/null 2>&1; then
    docker_host="host.docker.internal"
    echo "Docker Desktop detected: Using host.docker.internal for localhost" >&2
  elif ping -c 1 -w 1 172.17.0.1 >/dev/null 2>&1; then
    docker_host="172.17.0.1"
    echo "Docker on Linux detected: Using 172.17.0.1 for localhost" >&2
  else
    echo "WARNING: Cannot determine Docker host IP. Using original address." >&2
    return 1
  fi
  replaced="${1%%localhost*}${docker_host}${1#*localhost}"
  echo "  Remapping: $1 --> $replaced" >&2
  echo "$replaced"
  return 0
}

# Single-quotes an argument for the `eval set --` that rebuilds the argument list.
quote() {
  printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

is_localhost_url() {
  case "$1" in
    *postgres*://*localhost*) return 0 ;;
    *) return 1 ;;
  esac
}

program=$1
shift
rebuilt=$(quote "$program")
for arg in "$@"; do
  if is_localhost_url "$arg"; then
    echo "Found localhost in database connection: $arg" >&2
    if new_arg=$(replace_localhost "$arg"); then
      arg=$new_arg
    fi
  fi
  rebuilt="$rebuilt $(quote "$arg")"
done
eval "set -- $rebuilt"

if [ -n "$DATABASE_URI" ] && is_localhost_url "$DATABASE_URI"; then
  echo "Found localhost in DATABASE_URI: $DATABASE_URI" >&2
  if new_uri=$(replace_localhost "$DATABASE_URI"); then
    export DATABASE_URI="$new_uri"
  fi
fi

# As the real script: `--transport` anywhere with "sse" anywhere among the arguments counts as SSE.
has_sse=false
has_sse_host=false
for arg in "$@"; do
  case "$arg" in
    --transport)
      for other in "$@"; do
        if [ "$other" = sse ]; then has_sse=true; fi
      done
      ;;
    --transport=sse) has_sse=true ;;
    --sse-host*) has_sse_host=true ;;
  esac
done
if [ "$has_sse" = true ] && [ "$has_sse_host" = false ]; then
  echo "SSE transport detected, adding --sse-host=0.0.0.0" >&2
  set -- "$@" "--sse-host=0.0.0.0"
fi

echo "----------------" >&2
echo "Executing command:" >&2
echo "$*" >&2
echo "----------------" >&2

# Not exec: this shell stays PID 1 and waits (see the top of this file).
"$@"
exit_code=$?
if [ $exit_code -ne 0 ]; then
  echo "ERROR: Command failed with exit code $exit_code" >&2
  echo "Command was: $*" >&2
fi
exit $exit_code
