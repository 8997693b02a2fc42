#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked
# gnome-keyring, in a fresh keyring folder (an old one may be locked with
# another password).
set -euo pipefail
export XDG_DATA_HOME
XDG_DATA_HOME="$(mktemp -d)"
trap 'rm -rf "$XDG_DATA_HOME"' EXIT
exec dbus-run-session -- bash -c 'echo -n comet-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"' keyring "$@"
