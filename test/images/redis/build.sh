#!/usr/bin/env bash
# Builds litellm-mcp-test/redis: Debian's redis-server and redis-cli (the real Redis, not a stand-in) in
# an image shaped like the official one where a deployment relies on it: a `redis` user (999), /data its
# working folder, /bin/sh, redis-server and redis-cli on PATH, `docker-entrypoint.sh redis-server` by
# default. Prints the image name.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
command -v redis-server >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
version=$(redis-server --version | sed -n 's/.* v=\([0-9.]*\).*/\1/p')
tag="litellm-mcp-test/redis:$version-$(input_hash "$here/build.sh" "$here/../lib.sh")"
if docker image inspect "$tag" >/dev/null 2>&1; then echo "$tag"; exit 0; fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
install_busybox "$root"
# /usr/bin/redis-server is a link to redis-check-rdb, which picks its mode by the name it runs under:
# copied under its own name (cp -L), it runs as the server.
copy_with_libs "$root" /usr/bin/redis-server /usr/bin/redis-cli
printf 'root:x:0:0:root:/root:/bin/sh\nredis:x:999:999:redis:/data:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\nredis:x:999:\n' > "$root/etc/group"
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"
mkdir -p "$root/data" "$root/usr/local/bin"
chown 999:999 "$root/data"
# The official entrypoint's rule for arguments: options or a .conf file first mean redis-server.
cat > "$root/usr/local/bin/docker-entrypoint.sh" <<'SH'
#!/bin/sh
case "$1" in -*|*.conf) set -- redis-server "$@" ;; esac
exec "$@"
SH
chmod 0755 "$root/usr/local/bin/docker-entrypoint.sh"
tar -C "$root" -c . | docker import \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change 'WORKDIR /data' \
  --change 'ENTRYPOINT ["docker-entrypoint.sh"]' \
  --change 'CMD ["redis-server"]' \
  --change 'EXPOSE 6379' \
  - "$tag" >/dev/null
echo "$tag"
