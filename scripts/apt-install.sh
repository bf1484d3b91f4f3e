# Sourced by the ensure-*.sh scripts: apt_install PACKAGE SECONDS installs one Debian package without
# recommends, refreshing the package lists once and trying again when the first try fails. Returns 0
# when it is installed, apt-get's non-zero status when not; prints nothing (the caller says what happened).
apt_install() {
  local package="$1" seconds="$2"
  local opts=(-o DPkg::Lock::Timeout=300 -y -qq --no-install-recommends)
  export DEBIAN_FRONTEND=noninteractive
  if timeout "$seconds" apt-get install "${opts[@]}" "$package" >/dev/null 2>&1; then
    return 0
  fi
  # the package lists may be missing or stale: refresh them once and try again
  timeout 300 apt-get update -qq >/dev/null 2>&1 || true
  timeout "$seconds" apt-get install "${opts[@]}" "$package" >/dev/null 2>&1
}
