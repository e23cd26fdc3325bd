#!/usr/bin/env bash
# Installs and starts a Docker engine (Debian bookworm's docker.io, API 1.41) and the compose v2 plugin
# (from Debian trixie's docker-compose package, see shared/FACTS.md). Idempotent; fails loudly.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

if ! command -v dockerd >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq docker.io >/dev/null
fi

if ! docker compose version >/dev/null 2>&1; then
  plugin_dir=/usr/local/lib/docker/cli-plugins
  work=$(mktemp -d)
  src=/etc/apt/sources.list.d/litellm-mcp-trixie.sources
  trap 'rm -f "$src"; rm -rf "$work"; apt-get update -qq >/dev/null 2>&1 || true' EXIT
  printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' >"$src"
  apt-get update -qq
  (cd "$work" && apt-get download -qq docker-compose/trixie)
  dpkg-deb -x "$work"/docker-compose_*.deb "$work/x"
  mkdir -p "$plugin_dir"
  install -m 0755 "$work/x/usr/libexec/docker/cli-plugins/docker-compose" "$plugin_dir/docker-compose"
fi

if ! docker info >/dev/null 2>&1; then
  # No init system on these machines: start dockerd ourselves and wait for its socket.
  nohup dockerd >/var/log/dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 0.5
  done
fi
docker info >/dev/null 2>&1 || { echo "dockerd did not start; see /var/log/dockerd.log" >&2; tail -20 /var/log/dockerd.log >&2; exit 1; }
docker compose version
