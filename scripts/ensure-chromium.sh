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
# shellcheck source=apt-install.sh
. "$(dirname "$0")/apt-install.sh"
if ! apt_install chromium 900; then
  echo "ensure-chromium: could not install chromium (apt-get install chromium failed)" >&2
  exit 1
fi

if works; then
  echo "ensure-chromium: $(chromium --version 2>&1 | head -n 1)" >&2
  exit 0
fi
echo "ensure-chromium: chromium was installed but \`chromium --version\` does not answer" >&2
exit 1
