#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked
# gnome-keyring, in a fresh keyring folder (an old one may be locked with
# another password).
set -euo pipefail
export XDG_DATA_HOME
XDG_DATA_HOME="$(mktemp -d)"
trap 'rm -rf "$XDG_DATA_HOME"' EXIT
# The daemon claims org.freedesktop.secrets a moment after it forks: a
# command asking sooner makes D-Bus start a second daemon from its service
# file, whose login keyring is locked (and every save then fails). So wait
# for the name first.
exec dbus-run-session -- bash -c '
  echo -n comet-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  for _ in $(seq 100); do
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
      grep -q "boolean true" && exec "$@"
    sleep 0.05
  done
  echo "gnome-keyring-daemon did not take org.freedesktop.secrets" >&2
  exit 1' keyring "$@"
