#!/usr/bin/env bash
# Makes a Docker engine available when it can, idempotently: installs docker.io as root when dockerd
# is missing, and starts dockerd in the background when no engine answers. Exit 0 when `docker info`
# works at the end, 1 otherwise (the caller decides whether that matters).
set -uo pipefail

engine_up() { timeout 10 docker info >/dev/null 2>&1; }

if engine_up; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "ensure-docker: no Docker engine answers and this is not root; not starting one" >&2
  exit 1
fi
if ! command -v dockerd >/dev/null 2>&1; then
  echo "ensure-docker: installing docker.io..." >&2
  export DEBIAN_FRONTEND=noninteractive
  timeout 300 apt-get update -qq >/dev/null 2>&1 || true
  if ! timeout 600 apt-get install -y -qq docker.io >/dev/null 2>&1; then
    echo "ensure-docker: could not install docker.io" >&2
    exit 1
  fi
fi
if ! pgrep -x dockerd >/dev/null 2>&1; then
  echo "ensure-docker: starting dockerd..." >&2
  nohup dockerd >/tmp/jflow-dockerd.log 2>&1 &
fi
for _ in $(seq 1 60); do
  if engine_up; then
    echo "ensure-docker: Docker engine is up" >&2
    exit 0
  fi
  sleep 1
done
echo "ensure-docker: dockerd did not answer within 60 s; see /tmp/jflow-dockerd.log" >&2
exit 1
