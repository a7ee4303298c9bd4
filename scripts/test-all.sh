#!/usr/bin/env bash
# Every check CI runs, in order: build, lint, typecheck, unit, integration, e2e.
# Installs what the e2e and PDF tests need: Debian's Chromium and poppler-utils via
# apt when running as root on Debian without them, otherwise Playwright's own Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

have_browser() {
  [ -x /usr/bin/chromium ] || [ -x /usr/bin/chromium-browser ] || ls "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"/chromium-* >/dev/null 2>&1
}
# The PDF report's tests render pages with poppler's pdftoppm and pdfinfo.
if ! have_browser || ! command -v pdftoppm >/dev/null; then
  if [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null; then
    echo "== installing Debian's chromium (e2e tests, PDF reports) and poppler-utils (PDF report tests)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null
  elif ! have_browser; then
    echo "== installing Playwright's chromium for the e2e tests"
    npx playwright install chromium
  fi
fi
command -v pdftoppm >/dev/null || echo "(no pdftoppm: the PDF report's page rendering test is skipped; apt install poppler-utils)"

step() { echo; echo "== $*"; }
step build;            npm run build
step lint;             npm run lint
step typecheck;        npm run typecheck
step "unit tests";     npx vitest run --project unit
step "integration tests"; npx vitest run --project integration --project integration-alone
step "e2e tests (Chromium against sightline serve)"
if ! node scripts/electron-binary.js; then
  echo "(Electron's desktop binary is not installed here: the desktop-shell spec is skipped; the same UI is tested through sightline serve)"
fi
npx playwright test
echo
echo "All checks passed."
