#!/usr/bin/env bash
# The long suites, bounded in time (`make soak`): libFuzzer on the three
# network parsers, the seeded fuzz rounds a hundred times over, and the
# crash suite with 100 kills instead of 20. Any crash libFuzzer finds is
# left in fuzz/artifacts/ and fails the run: turn it into a regression
# test in crates/core/src/fuzz_inputs.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${SOAK_FUZZ_SECONDS:-120}"

if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi

started=$(date +%s)
for target in sse image_answer catalogue; do
  echo "== libFuzzer: $target for ${seconds} s"
  (cd fuzz && cargo fuzz run -s none "$target" -- -max_total_time="$seconds" -print_final_stats=1) 2>&1 |
    grep -E "^(Done|stat::number_of_executed_units|==|.*panicked)" || true
  if compgen -G "fuzz/artifacts/$target/crash-*" >/dev/null; then
    echo "libFuzzer found a crash in $target: see fuzz/artifacts/$target/" >&2
    exit 1
  fi
done

echo "== seeded fuzz rounds: 3,000,000 per parser"
FUZZ_ROUNDS=3000000 cargo test -q --profile measure -p comet-core --lib fuzz_inputs

echo "== crash suite: ${SOAK_CRASH_ROUNDS:-100} kills"
cargo build -q --workspace --features comet-desk/custom-protocol --bins
CRASH_ROUNDS="${SOAK_CRASH_ROUNDS:-100}" scripts/with-keyring.sh xvfb-run -a -s "-screen 0 1280x800x24" \
  node --test --test-concurrency=1 e2e/crash.test.mjs

echo "make soak: passed in $(( $(date +%s) - started )) s"
