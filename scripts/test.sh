#!/usr/bin/env bash
# Installs everything the tests need and runs them:
#   - Debian's chromium (for the browser tests), through apt-get, if it is missing;
#   - a virtual environment in .venv with partnergraph and its test extras
#     (pytest, Playwright, the arcadedb-embedded Bolt stand-in for Neo4j, ruff).
# Extra arguments go to pytest, e.g. scripts/test.sh -k loader
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests…" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install -q -e '.[test]'
.venv/bin/ruff check .
exec .venv/bin/python -m pytest "$@"
