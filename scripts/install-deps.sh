#!/usr/bin/env bash
# Installs what Comet Desk needs to build, run and test, and nothing that is
# already there. Non-interactive: safe for CI (root, no stdin) and for a
# developer (uses sudo when not root).
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests="${1:-}"
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"

build_pkgs=(build-essential pkg-config libssl-dev file xdg-utils libwebkit2gtk-4.1-dev libsoup-3.0-dev
  libjavascriptcoregtk-4.1-dev librsvg2-dev libayatana-appindicator3-dev libxdo-dev gnome-keyring)
# chromium: the page tests (ui/pages) drive the built UI in headless Chromium.
# fonts-wqy-microhei: window screenshots in Chinese show characters, not boxes.
# The window plays clips and songs through GStreamer (the .deb depends on
# the same three); --no-install-recommends would leave H.264 and AAC out.
test_pkgs=(xvfb xauth webkit2gtk-driver dbus dbus-x11 libsecret-tools imagemagick chromium fonts-wqy-microhei
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-libav)
# make bench encodes a 1080p clip for the playback figure.
bench_pkgs=(ffmpeg)
pkgs=("${build_pkgs[@]}")
[ "$want_tests" = "--test" ] && pkgs+=("${test_pkgs[@]}")
[ "$want_tests" = "--bench" ] && pkgs+=("${test_pkgs[@]}" "${bench_pkgs[@]}") && want_tests="--test"
command -v node >/dev/null || pkgs+=(nodejs npm)
command -v cargo >/dev/null || pkgs+=(cargo rustc)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing Debian packages: ${missing[*]}"
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The UI's packages, when package.json changed since the last install.
if [ ! -f ui/node_modules/.install-stamp ] || [ ui/package.json -nt ui/node_modules/.install-stamp ]; then
  echo "==> installing the UI's npm packages"
  # `npm ci` fails here: the lock lacks other platforms' optional CLI binaries.
  (cd ui && npm install --no-audit --no-fund --loglevel=error </dev/null)
  touch ui/node_modules/.install-stamp
fi

if [ "$want_tests" = "--test" ] && ! command -v tauri-driver >/dev/null; then
  echo "==> installing tauri-driver"
  cargo install tauri-driver --locked --quiet
fi
