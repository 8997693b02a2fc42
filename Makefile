# Comet Desk. `make run` starts the app, `make test` runs every test; both
# install whatever is missing first. See README.md.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
# One feature set for every cargo command, so builds share their artifacts.
CARGO_FLAGS := --workspace --features comet-desk/custom-protocol
APP_BIN := target/debug/comet-desk
FAKE_BIN := target/debug/fake-comet

.PHONY: run demo test deps test-deps ui gates cargo-tests keyring-tests ui-tests page-tests e2e soak bench dist dist-test bindings clean

deps:
	@scripts/install-deps.sh

test-deps:
	@scripts/install-deps.sh --test

ui:
	cd ui && npm run build --silent

run: deps ui
	cargo run --features custom-protocol

demo: deps ui
	cargo build $(CARGO_FLAGS) --bins
	scripts/demo.sh

test: test-deps
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory gates ui cargo-tests keyring-tests ui-tests page-tests e2e && \
	secs=$$(( $$(date +%s) - start )) && mkdir -p target && echo $$secs > target/make-test-seconds && \
	echo "make test: all suites passed in $$secs s"

gates: ui
	cargo fmt --all -- --check
	cd ui && npm run --silent check && npm run --silent lint
	node scripts/lint-workflows.mjs
	cargo clippy $(CARGO_FLAGS) --all-targets -- -D warnings

# Includes the bindings-drift check (tests/bindings.rs).
cargo-tests: ui
	cargo test $(CARGO_FLAGS) -- --show-output

keyring-tests:
	scripts/with-keyring.sh cargo test $(CARGO_FLAGS) -p comet-core --test keyring -- --ignored

ui-tests:
	cd ui && npx vitest run

# The built UI in headless Chromium with a scripted IPC (ui/pages).
page-tests: ui
	cd ui && node --test --test-concurrency=1 pages/

e2e: ui
	cargo build $(CARGO_FLAGS) --bins
	scripts/with-keyring.sh xvfb-run -a -s "-screen 0 1280x800x24" node --test --test-concurrency=1 e2e/

# The long suites, bounded: libFuzzer, more fuzz rounds, 100 crash kills.
soak: test-deps ui
	scripts/soak.sh

# Installs the built .deb, starts it, removes it (root only: it uses apt).
dist-test: dist test-deps
	scripts/with-keyring.sh scripts/dist-smoke.sh

bindings:
	UPDATE_BINDINGS=1 cargo test $(CARGO_FLAGS) --test bindings

bench: deps ui
	@scripts/install-deps.sh --bench
	scripts/bench.sh

dist: deps
	TAURI_APP_PATH=. TAURI_FRONTEND_PATH=ui ui/node_modules/.bin/tauri build --bundles deb,rpm
	scripts/repack-deb.sh "$$(ls -t target/release/bundle/deb/*.deb | head -1)"
	@ls -la target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm

clean:
	cargo clean
	rm -rf ui/dist ui/node_modules
