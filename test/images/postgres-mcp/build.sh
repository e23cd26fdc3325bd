#!/usr/bin/env bash
# Builds litellm-mcp-test/postgres-mcp: a real MCP server (@modelcontextprotocol/server-postgres served
# over SSE by supergateway) behind postgres-mcp's command line. Prints the image name.
# With `strict-host`, also builds the variant that answers 421 to foreign Host headers.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
images=$(dirname "$here")
. "$images/lib.sh"
cd "$images/../.."
versions=$(node -p "['supergateway','@modelcontextprotocol/server-postgres'].map(p => require(p + '/package.json').version).join(' ')")
tag="litellm-mcp-test/postgres-mcp:$(echo "$versions $(node --version)" | input_hash /dev/stdin "$here"/*.ts "$here/build.sh" "$images/lib.sh" "$images/shared/"*)"
variant="$tag-strict-host"
if ! docker image inspect "$tag" >/dev/null 2>&1; then
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  install_busybox "$root"
  install_node "$root"
  mkdir -p "$root/app"
  bundle "$root/app" "$here/entrypoint.ts" "$here/pg-server.ts" "$here/http-guard.ts" node_modules/supergateway/dist/index.js
  mv "$root/app/index.mjs" "$root/app/supergateway.mjs"
  bundle "$root/opt" "$images/shared/python-shim.ts"
  echo '{"version":"'"${versions%% *}"'"}' > "$root/package.json"
  tar -C "$root" -c . | docker import \
    --change 'ENV PATH=/usr/bin:/bin' \
    --change 'ENTRYPOINT ["/usr/bin/node", "/app/entrypoint.mjs"]' \
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
