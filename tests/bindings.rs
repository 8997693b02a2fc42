//! Fails when `ui/src/lib/ipc/bindings.ts` no longer matches the Rust
//! commands. `make bindings` (UPDATE_BINDINGS=1) rewrites it.

#[test]
fn typescript_bindings_are_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/ipc/bindings.ts");
    let fresh = comet_desk_lib::typescript_bindings();
    assert!(!fresh.starts_with("// export failed"), "{fresh}");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == fresh,
        "ui/src/lib/ipc/bindings.ts is stale: run `make bindings` and commit it"
    );
}
