#!/usr/bin/env bash
# Makes a headless `chromium` available when it can, idempotently: installs Debian's chromium package
# as root when the command is missing. Exit 0 when `chromium --version` answers at the end, 1 otherwise:
# the caller decides whether that matters (the browser tests then skip, saying why).
set -uo pipefail

works() { timeout 30 chromium --version >/dev/null 2>&1; }

if command -v chromium >/dev/null 2>&1 && works; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "ensure-chromium: chromium is not installed and this is not root; not installing it" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: chromium is not installed and there is no apt-get to install it with" >&2
  exit 1
fi

echo "ensure-chromium: installing chromium..." >&2
export DEBIAN_FRONTEND=noninteractive
APT_OPTS=(-o DPkg::Lock::Timeout=300 -y -qq --no-install-recommends)
installed=0
if timeout 900 apt-get install "${APT_OPTS[@]}" chromium >/dev/null 2>&1; then
  installed=1
else
  # the package lists may be missing or stale: refresh them once and try again
  timeout 300 apt-get update -qq >/dev/null 2>&1 || true
  if timeout 900 apt-get install "${APT_OPTS[@]}" chromium >/dev/null 2>&1; then
    installed=1
  fi
fi
if [ "$installed" != 1 ]; then
  echo "ensure-chromium: could not install chromium (apt-get install chromium failed)" >&2
  exit 1
fi

if works; then
  echo "ensure-chromium: $(chromium --version 2>&1 | head -n 1)" >&2
  exit 0
fi
echo "ensure-chromium: chromium was installed but \`chromium --version\` does not answer" >&2
exit 1
