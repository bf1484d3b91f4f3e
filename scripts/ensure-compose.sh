#!/usr/bin/env bash
# Makes `docker-compose` available when it can, idempotently: installs Debian's docker-compose package
# (Compose 1.x, which the Compose integration test drives) as root when the command is missing or does
# not answer. Exit 0 when `docker-compose version` answers at the end, 1 otherwise: the caller decides
# whether that matters (ComposeIT then skips, saying why).
set -uo pipefail

works() { timeout 30 docker-compose version >/dev/null 2>&1; }

if command -v docker-compose >/dev/null 2>&1 && works; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "ensure-compose: docker-compose is not installed and this is not root; not installing it" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-compose: docker-compose is not installed and there is no apt-get to install it with" >&2
  exit 1
fi

echo "ensure-compose: installing docker-compose..." >&2
# shellcheck source=apt-install.sh
. "$(dirname "$0")/apt-install.sh"
if ! apt_install docker-compose 600; then
  echo "ensure-compose: could not install docker-compose (apt-get install docker-compose failed)" >&2
  exit 1
fi

if works; then
  echo "ensure-compose: $(docker-compose version --short 2>&1 | head -n 1)" >&2
  exit 0
fi
echo "ensure-compose: docker-compose was installed but \`docker-compose version\` does not answer" >&2
exit 1
