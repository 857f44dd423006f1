#!/usr/bin/env bash
# MPXJ (the check that MS Project can read our exported XML) runs on Java: install a
# headless JRE when none is on the machine. Under CI=true the check must run, so a JRE
# that cannot be installed fails the build here rather than skipping the test later.
set -euo pipefail
if command -v java >/dev/null 2>&1 && java -version >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo ".ci/java.sh: no java and no apt-get to install it" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null
java -version
