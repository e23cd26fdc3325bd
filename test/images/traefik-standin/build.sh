#!/usr/bin/env bash
# Builds litellm-mcp-test/traefik-standin: a STAND-IN for the Traefik image, which cannot be pulled here
# (see README.md in this folder). Prints the image name on its last line.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
images=$(dirname "$here")
. "$images/lib.sh"
cd "$images/../.."
tag="litellm-mcp-test/traefik-standin:$(echo "$(node --version)" | input_hash /dev/stdin "$here"/*.ts "$here/build.sh" "$images/lib.sh" "$images/shared/"* package-lock.json)"
if ! docker image inspect "$tag" >/dev/null 2>&1; then
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  install_busybox "$root"
  install_node "$root"
  mkdir -p "$root/app"
  bundle "$root/app" "$here/main.ts"
  bundle "$root/opt" "$images/shared/python-shim.ts" "$here/echo-backend.ts"
  # Traefik's image takes its static configuration as the command: ENTRYPOINT + args, EXPOSE 80.
  tar -C "$root" -c . | docker import \
    --change 'ENV PATH=/usr/bin:/bin' \
    --change 'LABEL io.litellm-mcp.stand-in="Traefik stand-in for tests, not Traefik"' \
    --change 'ENTRYPOINT ["/usr/bin/node", "/app/main.mjs"]' \
    --change 'EXPOSE 80' \
    - "$tag" >/dev/null
fi
echo "$tag"
