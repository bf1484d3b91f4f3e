#!/usr/bin/env bash
# Makes the `prometheus` binary available when it can, idempotently: installs Debian's prometheus
# package as root when the command is missing, without letting the package start its own service
# (the tests start their own server on a free port). Exit 0 when `prometheus --version` answers at
# the end, 1 otherwise: the caller decides whether that matters (PrometheusScrapeIT then skips,
# saying why).
set -uo pipefail

works() { timeout 20 prometheus --version >/dev/null 2>&1; }

if command -v prometheus >/dev/null 2>&1 && works; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "ensure-prometheus: prometheus is not installed and this is not root; not installing it" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-prometheus: prometheus is not installed and there is no apt-get to install it with" >&2
  exit 1
fi

# A policy-rc.d that says 101 keeps invoke-rc.d (the package's postinst) from starting the service.
POLICY=/usr/sbin/policy-rc.d
OWN_POLICY=0
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$POLICY" && chmod 755 "$POLICY" && OWN_POLICY=1
fi
cleanup() { if [ "$OWN_POLICY" = 1 ]; then rm -f "$POLICY"; fi; }
trap cleanup EXIT

echo "ensure-prometheus: installing prometheus..." >&2
# shellcheck source=apt-install.sh
. "$(dirname "$0")/apt-install.sh"
if ! apt_install prometheus 600; then
  echo "ensure-prometheus: could not install prometheus (apt-get install prometheus failed)" >&2
  exit 1
fi

# Where a service manager started it anyway, stop it and keep it from starting at boot.
if command -v service >/dev/null 2>&1; then
  service prometheus stop >/dev/null 2>&1 || true
fi
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl disable --now prometheus >/dev/null 2>&1 || true
fi

if works; then
  echo "ensure-prometheus: $(prometheus --version 2>&1 | head -n 1)" >&2
  exit 0
fi
echo "ensure-prometheus: prometheus was installed but \`prometheus --version\` does not answer" >&2
exit 1
