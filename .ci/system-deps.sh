#!/usr/bin/env bash
# Debian packages the browser and PostgreSQL tests need (installed only when missing).
# The browser and the database are installed apart, so that one missing
# package does not leave the other uninstalled; exits non-zero if any failed.
set -uo pipefail
browser=()
command -v chromium >/dev/null || browser+=(chromium)
command -v chromedriver >/dev/null || browser+=(chromium-driver)
database=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || database+=(postgresql)
[ ${#browser[@]} -eq 0 ] && [ ${#database[@]} -eq 0 ] && exit 0
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq || exit 1
rc=0
for group in "${browser[*]:-}" "${database[*]:-}"; do
  [ -z "$group" ] && continue
  # shellcheck disable=SC2086  # a group is a space-separated package list
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $group >/dev/null \
    || { echo ".ci/system-deps.sh: could not install: $group" >&2; rc=1; }
done
exit $rc
