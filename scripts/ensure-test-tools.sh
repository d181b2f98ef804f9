#!/usr/bin/env bash
# Installs the programs the tests drive besides the JDK, when they are missing: node/npm (web client
# tests), Chromium (browser end-to-end tests), nginx (the shipped proxy config, tested for real),
# promtool (alert rules) and libfaketime (a service with a skewed clock for doctor's clock check).
# Debian packages; needs root (CI and the project's machines are root).
# Called by `./mvnw verify` (root pom, validate phase) and by .ci/run, so a machine with only a JDK
# runs every test.
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"

missing=()
want() { command -v "$1" >/dev/null 2>&1 || missing+=("$2"); }
want node nodejs
want npm npm
want chromium chromium
want nginx nginx
want promtool prometheus
want kubectl kubectl   # the machine image ships it; Debian's own kubernetes-client is too old
# libfaketime: DoctorIT runs a service with its clock 10 minutes ahead to prove doctor's clock check.
compgen -G '/usr/lib/*/faketime/libfaketime.so.1' >/dev/null || compgen -G '/usr/lib/faketime/libfaketime.so.1' >/dev/null \
  || missing+=(libfaketime)

[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "The tests need these Debian packages, which are missing: ${missing[*]}" >&2
  echo "Install them (apt-get install ${missing[*]}) and run again." >&2
  exit 1
fi
echo "Installing the test tools that are missing: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
