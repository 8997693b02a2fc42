//! A real round trip through the OS secret store. Needs a Secret Service:
//! `make test` runs it inside `dbus-run-session` with gnome-keyring-daemon,
//! so it is ignored in a plain `cargo test`.

use comet_core::secret::{normalize_key, KeySource, Keyring};

#[test]
#[ignore = "needs a Secret Service; run by `make keyring-tests`"]
fn store_read_replace_delete() {
    let keyring = Keyring::new("comet-desk-test", "api-key");
    keyring.delete().unwrap();
    assert!(!keyring.has_key().unwrap());

    keyring
        .save(&normalize_key("Bearer sk-first").unwrap())
        .unwrap();
    assert_eq!(keyring.read().unwrap().unwrap().expose(), "sk-first");

    keyring.save(&normalize_key("sk-second").unwrap()).unwrap();
    assert_eq!(keyring.read().unwrap().unwrap().expose(), "sk-second");

    // Another handle on the same entry sees it: it is really in the store.
    let other = Keyring::new("comet-desk-test", "api-key");
    assert_eq!(other.read().unwrap().unwrap().expose(), "sk-second");

    keyring.delete().unwrap();
    assert!(!keyring.has_key().unwrap());
    keyring.delete().unwrap();
}

/// With no Secret Service at all, the key is refused with a clear reason,
/// never kept somewhere weaker.
#[test]
fn no_secret_service_is_reported_not_worked_around() {
    // SAFETY of the test: this binary's only other test is ignored in plain
    // `cargo test`, and runs alone (`--ignored`) inside the keyring session.
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/comet-desk-bus",
    );
    std::env::remove_var("DISPLAY");
    let keyring = Keyring::new("comet-desk-test-nobus", "api-key");
    let err = keyring
        .save(&normalize_key("sk-nowhere").unwrap())
        .unwrap_err();
    assert_eq!(err.code, comet_core::ErrorCode::KeyringUnavailable);
    assert!(
        err.message.contains("keyring is not available"),
        "{}",
        err.message
    );
    assert!(!err.message.contains("sk-nowhere"));
    assert_eq!(
        keyring.read().unwrap_err().code,
        comet_core::ErrorCode::KeyringUnavailable
    );
}

/// The window reads the key from several places at once (the sidebar's
/// balance, the Usage view's, a streaming answer): every read must see it.
#[test]
#[ignore = "needs a Secret Service; run by `make keyring-tests`"]
fn concurrent_reads_all_see_the_key() {
    let keyring = Keyring::new("comet-desk-test-concurrent", "api-key");
    keyring.save(&normalize_key("sk-shared").unwrap()).unwrap();
    let failures = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..8 {
            scope.spawn(|| {
                let own = Keyring::new("comet-desk-test-concurrent", "api-key");
                for _ in 0..15 {
                    match own.read() {
                        Ok(Some(key)) if key.expose() == "sk-shared" => {}
                        other => {
                            eprintln!("read gave {:?}", other.map(|k| k.is_some()));
                            failures.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        }
                    }
                }
            });
        }
    });
    keyring.delete().unwrap();
    assert_eq!(failures.into_inner(), 0, "reads failed");
}

/// The keyring is the only copy: a key the user deletes or replaces in their
/// keyring program (Seahorse, KWallet, `secret-tool`) is gone, or replaced,
/// for the app at its next read. No cache answers in its place.
#[test]
#[ignore = "needs a Secret Service; run by `make keyring-tests`"]
fn a_key_changed_in_another_program_is_seen_at_once() {
    let keyring = Keyring::new("comet-desk-test-elsewhere", "api-key");
    keyring.save(&normalize_key("sk-before").unwrap()).unwrap();
    assert_eq!(keyring.read().unwrap().unwrap().expose(), "sk-before");

    let attributes = [
        "service",
        "comet-desk-test-elsewhere",
        "username",
        "api-key",
    ];
    let mut store = std::process::Command::new("secret-tool")
        .args(["store", "--label=replaced elsewhere"])
        .args(attributes)
        .args(["target", "default", "application", "rust-keyring"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("secret-tool (libsecret-tools) is installed by make test");
    use std::io::Write;
    store.stdin.take().unwrap().write_all(b"sk-after").unwrap();
    assert!(store.wait().unwrap().success());
    assert_eq!(keyring.read().unwrap().unwrap().expose(), "sk-after");

    let cleared = std::process::Command::new("secret-tool")
        .arg("clear")
        .args(attributes)
        .status()
        .unwrap();
    assert!(cleared.success());
    assert!(keyring.read().unwrap().is_none(), "a deleted key is gone");
}
