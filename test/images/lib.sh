# Helpers for building test images with `docker import` (no registry is reachable here; FACTS.md).
# Copies binaries with the shared libraries ldd lists, so the image runs on its own.

copy_with_libs() { # rootfs binary...
  local root=$1; shift
  for bin in "$@"; do
    mkdir -p "$root$(dirname "$bin")"
    cp -L "$bin" "$root$bin"
    { ldd "$bin" 2>/dev/null || true; } | { grep -o '/[^ ]*' || true; } | while read -r lib; do
      [ -e "$root$lib" ] || { mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"; }
    done
  done
}

install_busybox() { # rootfs
  local root=$1
  if [ ! -x /bin/busybox ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq busybox-static >/dev/null
  fi
  mkdir -p "$root/bin" "$root/tmp" "$root/etc"
  chmod 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  for applet in sh cat echo mkdir rm ls printf sleep env grep sed chmod id test true false; do
    ln -sf busybox "$root/bin/$applet"
  done
}

# Image tag from the content of the build inputs: rebuilt only when they change.
input_hash() {
  cat "$@" | sha256sum | cut -c1-12
}

# Node.js from this machine, with its libraries, and a `python`/`python3` stand-in for the healthchecks.
install_node() { # rootfs
  local root=$1
  copy_with_libs "$root" "$(readlink -f "$(command -v node)")"
  [ -e "$root/usr/bin/node" ] || ln -s "$(readlink -f "$(command -v node)")" "$root/usr/bin/node"
  mkdir -p "$root/opt" "$root/usr/bin"
  printf '#!/bin/sh\nexec /usr/bin/node /opt/python-shim.mjs "$@"\n' > "$root/usr/bin/python3"
  chmod 0755 "$root/usr/bin/python3"
  ln -sf python3 "$root/usr/bin/python"
  # Name resolution inside containers goes through Docker's DNS; glibc needs these to ask it.
  printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"
}

# Bundles TypeScript entry points with esbuild into OUTDIR.
bundle() { # outdir entry...
  node "$(dirname "${BASH_SOURCE[0]}")/shared/bundle.mjs" "$@"
}
