#!/usr/bin/env bash
# Prints the figures: release binary and installer sizes, start-up time to
# the first painted chat screen, memory 5 s after start (PSS of the app and
# its WebKit processes), and full-text search latency. Nothing here is a pass or
# fail: it measures.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${BENCH_RUNS:-10}"

echo "==> building the release bundles (make dist)"
make --no-print-directory dist >/tmp/comet-bench-dist.log 2>&1 || { tail -30 /tmp/comet-bench-dist.log; exit 1; }
cargo build -q -p fake-comet

size() { stat -c %s "$1"; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1000000 }'; }
deb=$(ls -t target/release/bundle/deb/*.deb | head -1)
rpm=$(ls -t target/release/bundle/rpm/*.rpm | head -1)

echo "==> full-text search over 100,000 messages"
search=$(cargo run -q --profile measure -p comet-core --example search_bench)

results=$(mktemp)
for i in $(seq "$runs"); do
  scripts/with-keyring.sh xvfb-run -a -s "-screen 0 1280x800x24" scripts/bench-startup.sh target/release/comet-desk >>"$results"
done

echo
echo "| figure | measured |"
echo "|---|---|"
echo "| release binary | $(mb "$(size target/release/comet-desk)") |"
echo "| .deb | $(mb "$(size "$deb")") |"
echo "| .rpm | $(mb "$(size "$rpm")") |"
echo "| installed size (.deb Installed-Size) | $(mb "$(( $(dpkg-deb -f "$deb" Installed-Size) * 1024 ))") |"
# median, min and max of one figure's values
stats() { sed -n "s/^$1 //p" "$results" | sort -n | awk '{ v[NR] = $1 } END { printf "%d %d %d %d", v[int((NR + 1) / 2)], v[1], v[NR], NR }'; }
read -r med min max n <<<"$(stats startup_ms)"
echo "| launch to first painted chat screen (median of $n) | $med ms (min $min, max $max) |"
read -r med min max n <<<"$(stats pss_kb)"
echo "| memory 5 s after start, PSS app + WebKit (median of $n) | $((med / 1024)) MB (min $((min / 1024)), max $((max / 1024))) |"
figure() { sed -n "s/^$1 //p" <<<"$search"; }
echo "| search over $(figure search_messages) messages, p50 / p95 (goal p95 < 20 ms) | $(figure search_p50_ms) ms / $(figure search_p95_ms) ms |"
echo "| machine | $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) |"
[ -f target/make-test-seconds ] && echo "| last make test on this tree | $(cat target/make-test-seconds) s |"
rm -f "$results"
