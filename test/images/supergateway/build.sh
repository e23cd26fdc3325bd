#!/usr/bin/env bash
# Builds litellm-mcp-test/supergateway: the real supergateway (npm) with the real
# @modelcontextprotocol/server-filesystem (npm) inside, as the filesystem recipe runs them, for a machine
# that cannot pull images or reach npm from a container. See README.md in this folder. Prints the image name.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
images=$(dirname "$here")
. "$images/lib.sh"
cd "$images/../.."
pinned=$(node -e "console.log(require('./node_modules/@modelcontextprotocol/server-filesystem/package.json').version)")
tag="litellm-mcp-test/supergateway:$(echo "$(node --version) $pinned" | input_hash /dev/stdin "$here/build.sh" "$here/npx.sh" "$images/lib.sh" "$images/shared/"* package-lock.json)"
if ! docker image inspect "$tag" >/dev/null 2>&1; then
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  install_busybox "$root"
  install_node "$root"
  mkdir -p "$root/app" "$root/usr/local/bin" "$root/root"
  bundle "$root/app" node_modules/supergateway/dist/index.js
  mv "$root/app/index.mjs" "$root/app/supergateway.mjs"
  bundle "$root/app" node_modules/@modelcontextprotocol/server-filesystem/dist/index.js
  mv "$root/app/index.mjs" "$root/app/server-filesystem.mjs"
  printf '#!/bin/sh\nexec /usr/bin/node /app/supergateway.mjs "$@"\n' > "$root/usr/local/bin/supergateway"
  sed "s/@PINNED@/$pinned/" "$here/npx.sh" > "$root/usr/local/bin/npx"
  chmod 0755 "$root/usr/local/bin/supergateway" "$root/usr/local/bin/npx"
  tar -C "$root" -c . | docker import \
    --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
    --change 'ENV HOME=/root' \
    --change 'LABEL io.litellm-mcp.test-image="real supergateway + server-filesystem from npm, offline npx"' \
    --change 'ENTRYPOINT ["supergateway"]' \
    --change 'CMD ["--help"]' \
    --change 'EXPOSE 8000' \
    - "$tag" >/dev/null
fi
echo "$tag"
