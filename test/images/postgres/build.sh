#!/usr/bin/env bash
# Builds litellm-mcp-test/postgres: this machine's PostgreSQL server in an image, shaped like the
# official one (env, data folder, pg_isready, psql, pg_dump, pg_restore). Prints the image name.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pgver=$(basename "$(dirname "$pgbin")")
tag="litellm-mcp-test/postgres:$pgver-$(input_hash "$here/build.sh" "$here/entrypoint.sh" "$here/../lib.sh")"
if docker image inspect "$tag" >/dev/null 2>&1; then echo "$tag"; exit 0; fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
install_busybox "$root"
copy_with_libs "$root" "$pgbin/postgres" "$pgbin/initdb" "$pgbin/pg_isready" "$pgbin/psql" "$pgbin/pg_dump" "$pgbin/pg_restore"
# Server modules (dict_snowball, plpgsql, ...) and the libraries they load; not the LLVM bitcode.
pglib="$(dirname "$pgbin")/lib"
mkdir -p "$root$pglib"
find "$pglib" -maxdepth 1 -name '*.so' -print0 | while IFS= read -r -d '' so; do copy_with_libs "$root" "$so"; done
# initdb finds its share folder relative to the binaries; timezone data comes from the system.
mkdir -p "$root/usr/share/postgresql" "$root/usr/share/zoneinfo"
cp -r "/usr/share/postgresql/$pgver" "$root/usr/share/postgresql/"
cp -r /usr/share/zoneinfo/UTC /usr/share/zoneinfo/Etc "$root/usr/share/zoneinfo/"
cp /usr/lib/locale/C.utf8 -r "$root/usr/lib/locale/" 2>/dev/null || true
printf 'root:x:0:0:root:/root:/bin/sh\npostgres:x:999:999:postgres:/var/lib/postgresql:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\npostgres:x:999:\n' > "$root/etc/group"
mkdir -p "$root/var/lib/postgresql/data" "$root/var/run/postgresql"
install -m 0755 "$here/entrypoint.sh" "$root/docker-entrypoint.sh"
chown -R 999:999 "$root/var/lib/postgresql" "$root/var/run/postgresql"
tar -C "$root" -c . | docker import \
  --change 'USER postgres' \
  --change "ENV PATH=$pgbin:/bin TZ=UTC" \
  --change 'ENTRYPOINT ["/docker-entrypoint.sh"]' \
  --change 'EXPOSE 5432' \
  - "$tag" >/dev/null
echo "$tag"
