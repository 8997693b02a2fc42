#!/usr/bin/env bash
# Starts fake-comet and Comet Desk pointed at it, with a profile of its own
# in .demo/, so anyone can try the app without a key or a network.
# Any key starting with `sk-` works (one containing `bad` is refused).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .demo
# Midjourney and Flux jobs take 12 s here, long enough to watch them render.
target/debug/fake-comet --port 0 --chunk-ms 25 --task-seconds 12 > .demo/fake-comet.log &
fake=$!
trap 'kill $fake 2>/dev/null' EXIT
for _ in $(seq 50); do grep -q listening .demo/fake-comet.log && break; sleep 0.1; done
url=$(sed -n 's/.*listening on //p' .demo/fake-comet.log | head -1)
echo "fake-comet at $url; paste any key such as sk-demo"
COMET_DESK_BASE_URL="$url" COMET_DESK_BALANCE_URL="$url" COMET_DESK_DATA_DIR="$PWD/.demo/data" target/debug/comet-desk
