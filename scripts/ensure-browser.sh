#!/usr/bin/env bash
# Makes sure the browser tests have a Chromium: $SWEEPLAB_CHROMIUM, Debian's /usr/bin/chromium, or
# Playwright's own build. On a machine with none, installs Debian's package (as root) or Playwright's.
set -euo pipefail
if [ -n "${SWEEPLAB_CHROMIUM:-}" ]; then
  [ -x "$SWEEPLAB_CHROMIUM" ] || { echo "SWEEPLAB_CHROMIUM=$SWEEPLAB_CHROMIUM is not an executable" >&2; exit 1; }
  exit 0
fi
[ -x /usr/bin/chromium ] && exit 0
if node -e "require('fs').accessSync(require('playwright').chromium.executablePath())" 2>/dev/null; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "No Chromium found; installing Debian's chromium package…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "No Chromium found; downloading Playwright's…"
  npx playwright install chromium
fi
