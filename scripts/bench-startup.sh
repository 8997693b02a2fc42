#!/usr/bin/env bash
# One start-up measurement, inside a keyring session and a display: saves a
# key the way the app does, starts fake-comet and the app, and prints
# `startup_ms N`, the app's timeline (`stage_<name> N`) and `pss_kb N`.
# `PORTAL=cold`: see below. Extra arguments are environment settings for
# the app (`NAME=value`).
set -euo pipefail
app="$1"
data=$(mktemp -d)
# The attributes the keyring crate uses for Entry::new("comet-desk", "cometapi-key").
printf 'sk-bench' | secret-tool store --label="Comet Desk bench" \
  service comet-desk username cometapi-key target default application rust-keyring

# A desktop session's D-Bus starts services with the display in their
# environment; this private one does not, and GTK's start-up would wait
# while the desktop portal failed a dozen times to start its GTK backend
# (about 200 ms a launch, seen with dbus-monitor): no user's session does that.
dbus-update-activation-environment DISPLAY XAUTHORITY 2>/dev/null || true
# A desktop session also runs the portal before the user starts an app;
# GTK asks it something at start. `PORTAL=cold` leaves its start to the
# app, as for the first app after logging in (reported apart).
if [ "${PORTAL:-running}" = running ]; then
  dbus-send --session --print-reply --dest=org.freedesktop.portal.Desktop \
    /org/freedesktop/portal/desktop org.freedesktop.DBus.Peer.Ping >/dev/null 2>&1 || true
fi

target/debug/fake-comet --port 0 >"$data/fake.log" &
fake=$!
for _ in $(seq 50); do grep -q listening "$data/fake.log" && break; sleep 0.1; done
url=$(sed -n 's/.*listening on //p' "$data/fake.log" | head -1)

env RUST_LOG=comet=info COMET_DESK_BASE_URL="$url" COMET_DESK_BALANCE_URL="$url" COMET_DESK_DATA_DIR="$data" "${@:2}" "$app" >"$data/app.log" 2>&1 &
pid=$!
started=$(date +%s%N)
for _ in $(seq 300); do grep -q "first paint" "$data/app.log" && break; sleep 0.05; done
# The app names the screen it painted (the bare window, `SCREEN=`, does not).
if [ -n "${SCREEN-chat}" ]; then
  grep -q "screen=${SCREEN-chat}" "$data/app.log" || { echo "the chat screen was not painted:" >&2; cat "$data/app.log" >&2; }
fi
sed -n 's/.*first paint after \([0-9]*\) ms.*/startup_ms \1/p' "$data/app.log" | head -1
# The app's start-up timeline, one `stage_<name> N` per stage it logs.
sed -n 's/.*comet::startup: \(.*\) after \(-\{0,1\}[0-9]*\) ms.*/\1|\2/p' "$data/app.log" | tr ' ' _ | sed 's/^/stage_/; s/|/ /'

# Memory 5 s after start, over the app and every process under it.
sleep "$(awk -v s="$started" -v n="$(date +%s%N)" 'BEGIN { d = 5 - (n - s) / 1e9; print (d > 0 ? d : 0) }')"
tree() { echo "$1"; for c in $(pgrep -P "$1"); do tree "$c"; done; }
total=0
for p in $(tree "$pid"); do
  kb=$(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
  total=$((total + ${kb:-0}))
done
echo "pss_kb $total"
kill "$pid" "$fake" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
rm -rf "$data"
