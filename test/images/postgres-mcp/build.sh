#!/usr/bin/env bash
# Builds litellm-mcp-test/postgres-mcp: a TEST STAND-IN for crystaldba/postgres-mcp v0.3.0 (README.md in
# this folder), from this machine's busybox and Node.js and the bundled server (MCP SDK + pg). Prints the
# image name. With `strict-host`, also builds the variant that answers 421 to a foreign Host header
# (python mcp >= 1.23) and prints that name instead.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
images=$(dirname "$here")
. "$images/lib.sh"
cd "$images/../.."
deps="node_modules/@modelcontextprotocol/sdk/package.json node_modules/pg/package.json"
# shellcheck disable=SC2086
tag="litellm-mcp-test/postgres-mcp:$(node --version | input_hash /dev/stdin "$here"/*.ts "$here"/*.sh "$images/lib.sh" "$images/shared/"* $deps)"
variant="$tag-strict-host"
if ! docker image inspect "$tag" >/dev/null 2>&1; then
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  install_busybox "$root"
  # The entrypoint pings host.docker.internal and 172.17.0.1 as the real one does (iputils in the real image).
  ln -sf busybox "$root/bin/ping"
  install_node "$root"
  mkdir -p "$root/app/.venv/bin"
  bundle "$root/app" "$here/main.ts"
  mv "$root/app/main.mjs" "$root/app/postgres-mcp.mjs"
  bundle "$root/opt" "$images/shared/python-shim.ts"
  install -m 0755 "$here/docker-entrypoint.sh" "$root/app/docker-entrypoint.sh"
  # Where the real image's console script lives; compose passes only flags, the ENTRYPOINT names the program.
  printf '#!/bin/sh\nexec /usr/bin/node /app/postgres-mcp.mjs "$@"\n' > "$root/app/.venv/bin/postgres-mcp"
  chmod 0755 "$root/app/.venv/bin/postgres-mcp"
  tar -C "$root" -c . | docker import \
    --change 'ENV PATH=/app/.venv/bin:/usr/local/bin:/usr/bin:/bin' \
    --change 'LABEL io.litellm-mcp.stand-in="postgres-mcp v0.3.0 stand-in for tests, not crystaldba/postgres-mcp"' \
    --change 'ENTRYPOINT ["/app/docker-entrypoint.sh", "postgres-mcp"]' \
    --change 'CMD []' \
    --change 'EXPOSE 8000' \
    - "$tag" >/dev/null
fi
if [ "${1:-}" = strict-host ]; then
  if ! docker image inspect "$variant" >/dev/null 2>&1; then
    id=$(docker create "$tag")
    docker commit --change 'ENV HOST_CHECK=strict' "$id" "$variant" >/dev/null
    docker rm "$id" >/dev/null
  fi
  echo "$variant"
else
  echo "$tag"
fi
