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

/// Two Rust types of one name would export two TypeScript types of that
/// name, and the UI would silently get one of them.
#[test]
fn no_two_exported_types_share_a_name() {
    let fresh = comet_desk_lib::typescript_bindings();
    let mut seen = std::collections::BTreeSet::new();
    for line in fresh.lines() {
        if let Some(rest) = line.strip_prefix("export type ") {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            assert!(
                seen.insert(name.clone()),
                "two Rust types export as `{name}`"
            );
        }
    }
}
