#!/usr/bin/env bash
# The installer as a user meets it: install the built .deb with apt (which
# must resolve every declared dependency), start the installed app under
# Xvfb, wait for its first painted screen, take a screenshot, quit, make
# and play a clip and a song in it, remove the package, and check the
# user's data is still there.
# Run as root (CI is); run inside scripts/with-keyring.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
deb=$(ls -t target/release/bundle/deb/*.deb | head -1)
package=$(dpkg-deb -f "$deb" Package)
echo "==> $deb: package $package, depends: $(dpkg-deb -f "$deb" Depends)"

DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "./$deb" >/dev/null
bin=$(dpkg -L "$package" | grep -E '^/usr/bin/' | head -1)
echo "==> installed $bin, $(dpkg-query -W -f='${Installed-Size}' "$package") KiB"
desktop=$(dpkg -L "$package" | grep -E '\.desktop$' | head -1)
grep -q "^Exec=" "$desktop" && echo "==> desktop entry $desktop"

data="$XDG_DATA_HOME/com.cometdesk.app"
log=$(mktemp)
xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  RUST_LOG=comet=info "$1" >"$2" 2>&1 &
  app=$!
  for _ in $(seq 300); do grep -q "first paint" "$2" && break; sleep 0.05; done
  sleep 0.5
  mkdir -p target/dist-smoke && import -window root target/dist-smoke/installed.png || true
  kill "$app"; wait "$app" 2>/dev/null || true
' smoke "$bin" "$log"
grep "first paint" "$log" || { echo "the installed app painted nothing:"; cat "$log"; exit 1; }
test -f "$data/comet-desk.sqlite3" || { echo "no database in $data"; exit 1; }

# The installed app plays what it makes: a clip and a song through the
# GStreamer plugins the package pulled in (the window test, on this binary).
echo "==> the installed app makes and plays a clip and a song"
cargo build -q -p fake-comet
APP_BIN="$bin" xvfb-run -a -s "-screen 0 1280x800x24" node --test --test-concurrency=1 e2e/media.test.mjs

DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq "$package" >/dev/null
test ! -e "$bin" || { echo "$bin is still there after removal"; exit 1; }
test -f "$data/comet-desk.sqlite3" || { echo "removing the package removed the user's data"; exit 1; }
echo "dist smoke: 2 passed, 0 failed"
