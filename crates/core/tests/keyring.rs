//! A real round trip through the OS secret store. Needs a Secret Service:
//! `make test` runs it inside `dbus-run-session` with gnome-keyring-daemon,
//! so it is ignored in a plain `cargo test`.

use comet_core::secret::{normalize_key, KeySource, Keyring};

#[test]
#[ignore = "needs a Secret Service; run by `make test-keyring`"]
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
