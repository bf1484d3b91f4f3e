#!/usr/bin/env bash
# Makes a Docker engine available when it can, idempotently: installs docker.io as root when dockerd
# is missing, removes the pid file a killed daemon left behind, starts dockerd in the background when
# no engine answers, and waits until `docker info` does. Exit 0 when the engine answers at the end,
# 1 otherwise: the caller decides whether that matters (the container tests then skip, saying why).
set -uo pipefail

LOG=/tmp/jflow-dockerd.log

engine_up() { timeout 10 docker info >/dev/null 2>&1; }

# A pid file whose process is gone (or is no longer dockerd) makes a new dockerd refuse to start.
remove_stale_pid_files() {
  local f pid
  for f in /var/run/docker.pid /run/docker.pid; do
    [ -f "$f" ] || continue
    pid="$(tr -dc '0-9' <"$f" 2>/dev/null)"
    if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "dockerd" ]; then
      continue
    fi
    echo "ensure-docker: removing stale $f (pid ${pid:-none} is not a running dockerd)" >&2
    rm -f "$f"
  done
}

if command -v docker >/dev/null 2>&1 && engine_up; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "ensure-docker: no Docker engine answers and this is not root; not starting one" >&2
  exit 1
fi
if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-docker: Docker is not installed and there is no apt-get to install docker.io with" >&2
    exit 1
  fi
  echo "ensure-docker: installing docker.io..." >&2
  export DEBIAN_FRONTEND=noninteractive
  timeout 300 apt-get update -qq >/dev/null 2>&1 || true
  if ! timeout 600 apt-get install -y -qq docker.io >/dev/null 2>&1; then
    echo "ensure-docker: could not install docker.io" >&2
    exit 1
  fi
fi
if ! pgrep -x dockerd >/dev/null 2>&1; then
  remove_stale_pid_files
  echo "ensure-docker: starting dockerd (log: $LOG)..." >&2
  nohup dockerd >"$LOG" 2>&1 </dev/null &
fi
for _ in $(seq 1 60); do
  if engine_up; then
    echo "ensure-docker: Docker engine is up" >&2
    exit 0
  fi
  if ! pgrep -x dockerd >/dev/null 2>&1; then
    echo "ensure-docker: dockerd exited; the end of $LOG:" >&2
    tail -n 20 "$LOG" >&2 2>/dev/null
    exit 1
  fi
  sleep 1
done
echo "ensure-docker: dockerd did not answer within 60 s; see $LOG" >&2
exit 1
